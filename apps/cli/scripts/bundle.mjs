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

/**
 * Named override: the store's PostgreSQL dialect imports pg at module top level, so every call on
 * SQLite would evaluate pg and, through it, Node's fetch stack — about a third of this binary's
 * start-up budget. In the bundle, pg's default export becomes a proxy that evaluates the real,
 * bundled pg on first use. A named import of pg would fail this build loudly, not silently.
 */
const lazyPg = {
  name: "lazy-pg",
  setup(b) {
    b.onResolve({ filter: /^pg$/ }, (args) => (args.namespace === "lazy-pg" ? undefined : { path: "pg", namespace: "lazy-pg", pluginData: args.resolveDir }));
    b.onLoad({ filter: /.*/, namespace: "lazy-pg" }, (args) => ({
      loader: "js",
      resolveDir: args.pluginData,
      contents: 'let pg; export default new Proxy({}, { get: (_target, key) => (pg ??= require("pg"))[key] });',
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts" },
  outdir: next,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Minified: V8 parses every byte of a loaded chunk at start-up, and the generated validators are
  // large. main.ts turns the source maps on under --debug, so stack traces still name src/ lines.
  minify: true,
  sourcemap: true,
  // Chunks sit beside main.js: src/version.ts reads ../package.json relative to its own file.
  chunkNames: "[name]-[hash]",
  // better-sqlite3 is native; the generated Ajv validators load their runtime with require().
  external: ["better-sqlite3", "ajv", "ajv-formats", "pg-native"],
  // CommonJS dependencies (commander) require() Node built-ins; ESM output has no require of its own.
  banner: { js: 'import { createRequire as __salestouchCreateRequire } from "node:module"; const require = __salestouchCreateRequire(import.meta.url);' },
  plugins: [lazyPg],
  logLevel: "warning",
});
chmodSync(`${next}/main.js`, 0o755);
rmSync(previous, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, previous);
renameSync(next, dist);
rmSync(previous, { recursive: true, force: true });
