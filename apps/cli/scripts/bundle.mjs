// Bundles the CLI into dist/ with esbuild: dist/cli.cjs (the whole CLI, from src/cli.ts) and
// dist/main.js (the binary, from src/main.ts, which runs cli.cjs through V8's code cache). Why: an
// agent calls `salestouch commands run` hundreds of times, and loading a few hundred separate ES
// modules (kysely alone has ~280), then compiling them, costs more than the command itself.
// Native or require()-loaded packages stay external and resolve from this package.
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

const shared = {
  absWorkingDir: root,
  outdir: next,
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
};

await build({
  ...shared,
  entryPoints: { cli: "src/cli.ts" },
  outExtension: { ".js": ".cjs" },
  // CommonJS, so main.ts can compile it with vm.Script and V8's code cache (ES modules cannot use one on Node 20).
  format: "cjs",
  // Minified: fewer bytes to compile on a call without a cache. --debug turns the source maps on.
  minify: true,
  sourcemap: true,
  // better-sqlite3 is native; the generated Ajv validators load their runtime with require().
  external: ["better-sqlite3", "ajv", "ajv-formats", "pg-native"],
  // import.meta.url has no CommonJS meaning: bundled modules that read files beside themselves
  // (src/version.ts reads ../package.json) and the validators' createRequire get the bundle's URL.
  define: { "import.meta.url": "__salestouchBundleUrl" },
  banner: { js: 'var __salestouchBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyPg],
});
await build({ ...shared, entryPoints: { main: "src/main.ts" }, format: "esm" });
chmodSync(`${next}/main.js`, 0o755);
rmSync(previous, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, previous);
renameSync(next, dist);
rmSync(previous, { recursive: true, force: true });
