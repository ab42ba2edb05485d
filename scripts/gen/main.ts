// `pnpm gen` writes packages/contracts/src/generated/ from spec/; `pnpm gen:check` fails on drift.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { emitApprovals, loadApprovalSchemas } from "./approval-schemas.js";
import { checkExamples } from "./check-examples.js";
import { emitOpenapi } from "./emit-openapi.js";
import { contractVersion, emitFacts } from "./emit-facts.js";
import { emitErrors, emitRegistry } from "./emit-registry.js";
import { emitResources } from "./emit-resources.js";
import { emitTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import { emitVocabulary } from "./emit-vocabulary.js";
import { header } from "./header.js";
import { emitPrompts, loadPrompts } from "./load-prompts.js";
import { loadResources } from "./load-resources.js";
import { loadSpec } from "./load-spec.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const specDir = join(root, "spec");
const outDir = join(root, "packages/contracts/src/generated");
/** Packages that leave the repository: their version is the contract's (spec/openapi.yaml info.version). */
const CONTRACT_VERSIONED_PACKAGES = ["packages/client", "packages/testing", "packages/conformance"];

let contractVersionOfSpec = "";

async function generate(): Promise<Map<string, string>> {
  const spec = loadSpec(specDir);
  contractVersionOfSpec = contractVersion(spec);
  checkExamples(spec);
  const files = new Map<string, string>();
  const commandsHeader = header("spec/commands, spec/schemas and spec/examples");
  files.set("types.ts", await emitTypes(spec, commandsHeader));
  const validators = emitValidators(spec, commandsHeader);
  files.set("validators.js", validators.js);
  files.set("validators.d.ts", validators.dts);
  files.set("registry.ts", emitRegistry(spec, commandsHeader));
  files.set("command-facts.ts", emitFacts(spec, commandsHeader));
  files.set("errors.ts", emitErrors(spec, header("spec/errors.json")));
  files.set("vocabulary.ts", emitVocabulary(spec, header("spec/command.schema.json, spec/schemas/approval.json and spec/schemas/lead-input.json")));
  const approvals = loadApprovalSchemas(specDir);
  files.set("approvals.ts", await emitApprovals(approvals, header("spec/schemas/approval-pending.json and spec/schemas/approval.json")));
  files.set("prompts.ts", emitPrompts(loadPrompts(specDir, spec), header("spec/prompts and spec/commands")));
  files.set("resources.ts", emitResources(loadResources(specDir, spec), header("spec/resources.json and spec/commands")));
  const openapiHeader = header("spec/openapi.yaml and spec/commands", "");
  const openapi = emitOpenapi(spec, openapiHeader.replace(/\n/g, " "), approvals);
  files.set("openapi.json", `${JSON.stringify(openapi, null, 2)}\n`);
  const paths = astToString(await openapiTS(openapi as never, { alphabetize: false, exportType: false }));
  files.set("openapi-paths.ts", `${header("spec/openapi.yaml and spec/commands")}${paths}`);
  return files;
}

function existing(): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(outDir)) return files;
  for (const name of readdirSync(outDir)) files.set(name, readFileSync(join(outDir, name), "utf8"));
  return files;
}

/** Each published package's package.json with its "version" set to the contract's; only that line changes. */
function versionedManifests(version: string): Map<string, { have: string; want: string }> {
  const manifests = new Map<string, { have: string; want: string }>();
  for (const dir of CONTRACT_VERSIONED_PACKAGES) {
    const path = join(root, dir, "package.json");
    if (!existsSync(path)) continue;
    const have = readFileSync(path, "utf8");
    const want = have.replace(/^(\s*"version":\s*)"[^"]*"/m, `$1${JSON.stringify(version)}`);
    manifests.set(path, { have, want });
  }
  return manifests;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const wanted = await generate();
  const have = existing();
  const manifests = versionedManifests(contractVersionOfSpec);
  const staleManifests = [...manifests].filter(([, m]) => m.have !== m.want).map(([path]) => relative(root, path));
  const stale = [...[...wanted].filter(([name, text]) => have.get(name) !== text).map(([name]) => name), ...staleManifests];
  const extra = [...have.keys()].filter((name) => !wanted.has(name));
  if (check) {
    if (stale.length + extra.length === 0) {
      console.log(`gen:check: ${wanted.size} generated files match spec/`);
      return;
    }
    console.error(`gen:check: generated code is stale (${[...stale, ...extra].join(", ")}); run \`pnpm gen\` and commit the result`);
    process.exit(1);
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of wanted) writeFileSync(join(outDir, name), text);
  for (const [path, manifest] of manifests) if (manifest.have !== manifest.want) writeFileSync(path, manifest.want);
  for (const name of extra) console.warn(`gen: ${relative(root, join(outDir, name))} is not generated any more; delete it`);
  console.log(`gen: wrote ${wanted.size} files to ${relative(root, outDir)} (${stale.length} changed)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
