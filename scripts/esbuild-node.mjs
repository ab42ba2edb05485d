// What every esbuild bundle of ours for Node shares: native packages left out (better-sqlite3 is
// native; pg-native is pg's optional binding, never installed), pg loaded on first use, and
// import.meta.url given the bundle's own URL. Used by bundle-app.mjs (the apps' binaries) and by
// the test server's package build.

/**
 * Named override: the store's PostgreSQL dialect imports pg at module top level, so every start on
 * SQLite would evaluate pg and, through it, Node's fetch stack — about a third of a binary's
 * start-up budget. In the bundle, pg's default export becomes a proxy that evaluates the real,
 * bundled pg on first use. A named import of pg would fail this build loudly, not silently.
 */
export const lazyPg = {
  name: "lazy-pg",
  setup(b) {
    b.onResolve({ filter: /^pg$/ }, (args) =>
      args.namespace === "lazy-pg" ? undefined : { path: "pg", namespace: "lazy-pg", pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-pg" }, (args) => ({
      loader: "js",
      resolveDir: args.pluginData,
      contents: 'let pg; export default new Proxy({}, { get: (_target, key) => (pg ??= require("pg"))[key] });',
    }));
  },
};

/** esbuild options for one CommonJS bundle of a Node program (add entryPoints, outdir and write). */
export const nodeCjsBundle = {
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
  format: "cjs",
  outExtension: { ".js": ".cjs" },
  // Minified: fewer bytes to compile on a start without a cache. --debug turns the source maps on.
  minify: true,
  sourcemap: true,
  // Ajv is bundled where it is imported. The generated validators still load Ajv's runtime helpers
  // with createRequire, so a program that runs them keeps ajv and ajv-formats among its dependencies.
  external: ["better-sqlite3", "pg-native"],
  // import.meta.url has no CommonJS meaning: bundled modules that read files beside themselves
  // (src/version.ts reads ../package.json) and the validators' createRequire get the bundle's URL.
  define: { "import.meta.url": "__salestouchBundleUrl" },
  banner: { js: 'var __salestouchBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [lazyPg],
};
