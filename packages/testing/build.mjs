// Builds the package that leaves the repository: the whole server bundled into dist/server.cjs
// (esbuild, the options our apps' binaries use) and loaded by dist/index.cjs through V8's code
// cache, so a project outside this repository installs it with no workspace package — only the
// native SQLite driver and Ajv's runtime helpers (which the generated validators load by name)
// stay dependencies. Beside it: an ES module entry, the bin,
// the OpenAPI document the server serves, and tsc's declarations (self-contained: types.ts).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { nodeCjsBundle } from "../../scripts/esbuild-node.mjs";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });

// No source map: it would weigh three times the bundle in every install.
await build({ ...nodeCjsBundle, entryPoints: { server: "src/index.ts" }, outdir: "dist", sourcemap: false });
// The entry: loads server.cjs through the code cache (src/load.ts).
await build({ ...nodeCjsBundle, entryPoints: { index: "src/load.ts" }, outdir: "dist", sourcemap: false });
// ES module entry. require(), not `import … from "./index.cjs"`: importing CommonJS from an ES
// module has Node scan the file's text for its export names, which for the whole bundle took longer
// than compiling it.
writeFileSync(
  "dist/index.js",
  `// ES module entry: the package is CommonJS (see build.mjs).\nimport { createRequire } from "node:module";\n\nconst bundle = createRequire(import.meta.url)("./index.cjs");\n\nexport const { startTestServer, runTestServerCli } = bundle;\n`,
);
writeFileSync(
  "dist/bin.cjs",
  `#!/usr/bin/env node\n"use strict";\nrequire("./index.cjs").runTestServerCli(process.argv.slice(2)).then((code) => process.exit(code));\n`,
);
chmodSync("dist/bin.cjs", 0o755);
copyFileSync(require.resolve("@salestouch/contracts/openapi.json"), "dist/openapi.json");

rmSync("node_modules/.cache/types", { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--emitDeclarationOnly"], { stdio: "inherit" });
for (const name of ["index.d.ts", "types.d.ts", "cli.d.ts", "test-server.d.ts"]) copyFileSync(`node_modules/.cache/types/${name}`, `dist/${name}`);
