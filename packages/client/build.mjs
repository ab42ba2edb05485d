// Builds the package that leaves the repository: dist/index.js (ESM) and dist/index.cjs, each one
// self-contained but for openapi-fetch, and one declaration file that carries every type it uses.
// - JavaScript: esbuild (what bundles our apps), inlining the few generated command facts the client
//   reads at run time (@salestouch/contracts/facts); the contracts' validators never come along.
// - Declarations: tsc writes them per module, then rollup-plugin-dts folds them, and the generated
//   types they import from @salestouch/contracts, into dist/index.d.ts (`respectExternal` follows
//   imports into other packages; tsup kept them as imports a consumer could not resolve).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
rmSync("node_modules/.cache/types", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });

const shared = {
  entryPoints: ["src/index.ts"],
  bundle: true,
  platform: "neutral",
  target: "es2022",
  external: ["openapi-fetch", "node:*"],
  sourcemap: true,
  logLevel: "warning",
};
await build({ ...shared, format: "esm", outfile: "dist/index.js" });
await build({ ...shared, format: "cjs", outfile: "dist/index.cjs", platform: "node" });

execFileSync(
  process.execPath,
  [
    require.resolve("typescript/bin/tsc"),
    "-p",
    "tsconfig.json",
    "--emitDeclarationOnly",
    "--declarationMap",
    "false",
    "--outDir",
    "node_modules/.cache/types",
  ],
  { stdio: "inherit" },
);
const bundle = await rollup({
  input: "node_modules/.cache/types/index.d.ts",
  external: ["openapi-fetch"],
  plugins: [dts({ respectExternal: true, tsconfig: "tsconfig.json" })],
  onwarn(warning, warn) {
    if (warning.code !== "CIRCULAR_DEPENDENCY") warn(warning);
  },
});
await bundle.write({ file: "dist/index.d.ts", format: "es" });
await bundle.close();
copyFileSync("dist/index.d.ts", "dist/index.d.cts");
