#!/usr/bin/env node
// Bundles a binary app into its dist/ with esbuild: `node ../../scripts/bundle-app.mjs src/<name>.ts`,
// run from the app's folder, writes dist/<name>.cjs (the whole app, from that entry) and
// dist/main.js (the binary, from src/main.ts, which runs <name>.cjs through V8's code cache with
// @salestouch/launch, inlined here). Why: loading a few hundred separate ES modules (kysely alone
// has ~280), then compiling them, costs more than most calls of the CLI or the MCP server's start.
// Native packages stay external and resolve from the app's own dependencies. Each app's turbo.json
// lists this file among its build inputs, so a change here rebuilds them rather than replaying a cache.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join, relative } from "node:path";

const entry = process.argv[2];
// --bundle-only: the app's dist/ is tsc's output (a library besides a binary, like the server);
// only dist/<name>.cjs and its map are written into it, and tsc's dist/main.js is the loader.
const bundleOnly = process.argv[3] === "--bundle-only";
if (!entry || process.argv.length > 4 || (process.argv.length === 4 && !bundleOnly)) {
  process.stderr.write("usage: node ../../scripts/bundle-app.mjs src/<name>.ts [--bundle-only]   (from the app's folder)\n");
  process.exit(2);
}
const root = process.cwd();
const name = basename(entry, extname(entry));
// esbuild comes from the app's devDependencies, so each app pins the version it is built with.
const { build } = createRequire(join(root, "package.json"))("esbuild");

const dist = join(root, "dist");
// Written aside (under node_modules/, which git ignores) and swapped in at the end, so a binary
// started while a build runs never finds dist/ half-written. esbuild still builds for dist/ (in
// memory), so the source maps' relative paths hold once the files are there.
const next = join(root, "node_modules/.cache/bundle-next");
const previous = join(root, "node_modules/.cache/bundle-previous");
rmSync(next, { recursive: true, force: true });

/**
 * Named override: the store's PostgreSQL dialect imports pg at module top level, so every start on
 * SQLite would evaluate pg and, through it, Node's fetch stack — about a third of a binary's
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
  outdir: dist,
  write: false,
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
};

const bundle = await build({
  ...shared,
  entryPoints: { [name]: entry },
  outExtension: { ".js": ".cjs" },
  // CommonJS, so main.ts can compile it with vm.Script and V8's code cache (ES modules cannot use one on Node 20).
  format: "cjs",
  // Minified: fewer bytes to compile on a start without a cache. --debug turns the source maps on.
  minify: true,
  sourcemap: true,
  // better-sqlite3 is native; pg-native is pg's optional native binding, never installed. Ajv is
  // bundled where it is imported (the MCP SDK builds an Ajv at start-up: bundled, it is compiled
  // from the code cache instead of loaded from some sixty files). The generated validators still
  // load Ajv's runtime helpers with createRequire, so an app that runs them keeps ajv and
  // ajv-formats among its dependencies.
  external: ["better-sqlite3", "pg-native"],
  // import.meta.url has no CommonJS meaning: bundled modules that read files beside themselves
  // (src/version.ts reads ../package.json) and the validators' createRequire get the bundle's URL.
  define: { "import.meta.url": "__salestouchBundleUrl" },
  banner: { js: 'var __salestouchBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyPg],
});
if (bundleOnly) {
  // Each file written aside and renamed into place, so a start during the build reads whole files.
  for (const file of bundle.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  process.exit(0);
}
const loader = await build({ ...shared, entryPoints: { main: "src/main.ts" }, format: "esm" });
mkdirSync(next, { recursive: true });
for (const file of [...bundle.outputFiles, ...loader.outputFiles]) writeFileSync(join(next, relative(dist, file.path)), file.contents);
chmodSync(join(next, "main.js"), 0o755);
rmSync(previous, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, previous);
renameSync(next, dist);
rmSync(previous, { recursive: true, force: true });
