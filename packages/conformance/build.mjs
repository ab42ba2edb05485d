// Builds the kit that leaves the repository: one file, dist/cli.cjs (esbuild; Ajv and the MCP SDK's
// client inside, so the package has no dependencies), and dist/contract.json — what it checks a
// deployment against, generated from the contracts package (the spec's descriptors, schemas,
// examples, error codes and tool names) and the published mission.create output schema.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { CONTRACT_VERSION } from "@salestouch/contracts/facts";
import { commandIds, commandToolName, errorCatalogue, registry } from "@salestouch/contracts";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });

const published = JSON.parse(readFileSync(new URL("../../tests/fixtures/published/mission.create.output.schema.json", import.meta.url), "utf8"));
const contract = {
  version: CONTRACT_VERSION,
  commands: commandIds.map((id) => {
    const d = registry[id];
    return {
      id,
      tool: commandToolName(id),
      descriptor: d.descriptor,
      input_schema: d.inputSchema,
      output_schema: d.outputSchema,
      approval_output_schema: d.approvalOutputSchema,
      examples: d.examples,
    };
  }),
  error_codes: Object.keys(errorCatalogue),
  // The published output schema, which a deployment's mission.create output must also satisfy.
  published_output_schemas: { "mission.create": published },
};
writeFileSync("dist/contract.json", `${JSON.stringify(contract)}\n`);

await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  logLevel: "warning",
  define: { "import.meta.url": "__kitUrl" },
  banner: { js: '#!/usr/bin/env node\nvar __kitUrl = require("node:url").pathToFileURL(__filename).href;' },
});
