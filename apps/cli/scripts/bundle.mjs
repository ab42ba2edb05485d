// Bundles the CLI into dist/ with esbuild. Why: an agent calls `salestouch commands run` hundreds of
// times, and loading a few hundred separate ES modules (kysely alone has ~280) costs more than the
// command itself; one bundled file, split where a mode is imported lazily, starts in about half
// the time. Native or require()-loaded packages stay external and resolve from this package.
import { chmodSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts" },
  outdir: "dist",
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
chmodSync(new URL("../dist/main.js", import.meta.url), 0o755);
