// Bundles the CLI into dist/ with esbuild. Why: an agent calls `salestouch commands run` hundreds of
// times, and loading a few hundred separate ES modules (kysely alone has ~280) costs more than the
// command itself; one bundled file, split where a mode is imported lazily, starts in about half
// the time. Native or require()-loaded packages stay external and resolve from this package.
import { chmodSync, existsSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = fileURLToPath(new URL("../dist", import.meta.url));
// Built aside (under node_modules/, which git ignores) and swapped in at the end, so a binary
// started while a build runs never finds dist/ half-written.
const next = fileURLToPath(new URL("../node_modules/.cache/bundle-next", import.meta.url));
const previous = fileURLToPath(new URL("../node_modules/.cache/bundle-previous", import.meta.url));
rmSync(next, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts" },
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  // Chunks sit beside main.js: src/version.ts reads ../package.json relative to its own file.
  chunkNames: "[name]-[hash]",
  // better-sqlite3 is native; the generated Ajv validators load their runtime with require().
  external: ["better-sqlite3", "ajv", "ajv-formats", "pg-native"],
  // CommonJS dependencies (commander) require() Node built-ins; ESM output has no require of its own.
  banner: { js: 'import { createRequire as __salestouchCreateRequire } from "node:module"; const require = __salestouchCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
chmodSync(`${next}/main.js`, 0o755);
rmSync(previous, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, previous);
renameSync(next, dist);
rmSync(previous, { recursive: true, force: true });
