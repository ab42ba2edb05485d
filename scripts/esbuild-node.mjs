// What every esbuild bundle of ours for Node shares: native code left out (better-sqlite3's compiled
// addon; pg-native is pg's optional binding, never installed), pg loaded on first use, the
// validators' helpers bundled, and import.meta.url given the bundle's own URL. Used by
// bundle-app.mjs (the apps' binaries) and by the test server's package build.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** Replaces `from` in a file's text, failing the build loudly if the text is not there (a dependency changed). */
function replaceOnce(text, from, to, path) {
  if (!text.includes(from)) throw new Error(`esbuild-node: ${path} no longer contains ${JSON.stringify(from)}; review the plugin that rewrites it`);
  return text.replace(from, to);
}

/** A plugin that loads each file matching `filter` with `edits` ([from, to] pairs, each replaced once) applied. */
function rewrite(name, filter, edits) {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (args) => {
        let contents = await readFile(args.path, "utf8");
        for (const [from, to] of edits) contents = replaceOnce(contents, from, to, args.path);
        return { contents, loader: "js" };
      });
    },
  };
}

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

/**
 * Named override: Express (with body-parser, the MIME tables and the router) is evaluated the first
 * time something uses it, not when the bundle starts. Why: the server answers commands on node's
 * server directly and builds its Express app on the first other request, and evaluating Express's
 * modules was about a tenth of a cold start in front of the first command. In the bundle, `express`
 * is a proxy (a function, as express is) that requires the real, bundled Express on first use.
 */
export const lazyExpress = {
  name: "lazy-express",
  setup(b) {
    b.onResolve({ filter: /^express$/ }, (args) =>
      args.namespace === "lazy-express" ? undefined : { path: "express", namespace: "lazy-express", pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-express" }, (args) => ({
      loader: "js",
      resolveDir: args.pluginData,
      contents: `let express;
        const load = () => (express ??= require("express"));
        module.exports = new Proxy(function express() {}, {
          apply: (_target, self, args) => Reflect.apply(load(), self, args),
          get: (_target, key) => load()[key],
          has: (_target, key) => key in load(),
        });`,
    }));
  },
};

/**
 * better-sqlite3's JavaScript is bundled; only its compiled addon is loaded from the installed
 * package. Why: loaded from node_modules, its dozen small modules were resolved and compiled on every
 * start, outside the code cache (several milliseconds of a CLI call). The package finds its addon
 * with the `bindings` module, which looks beside the file that calls it — the bundle, once bundled —
 * so the addon is taken from the installed package's build/Release, and `bindings` is asked (from
 * that package) only where it is not there.
 */
export const bundledSqlite = rewrite("bundled-sqlite", /[\\/]better-sqlite3[\\/]lib[\\/]database\.js$/, [
  [
    "require('bindings')('better_sqlite3.node')",
    `(() => {
          const root = path.dirname(require.resolve("better-sqlite3/package.json"));
          try {
            return require(path.join(root, "build", "Release", "better_sqlite3.node"));
          } catch (error) {
            if (error.code !== "MODULE_NOT_FOUND") throw error;
            return require("node:module").createRequire(path.join(root, "package.json"))("bindings")({ bindings: "better_sqlite3.node", module_root: root });
          }
        })()`,
  ],
]);

/**
 * The generated validators load Ajv's small runtime helpers (string length, formats) with a
 * require made by createRequire, which every runner of the source understands; in a bundle that
 * require loaded them from node_modules at run time, outside the code cache. Without the shim they
 * are plain require() calls, which esbuild bundles.
 */
export const bundledValidatorHelpers = rewrite("bundled-validator-helpers", /[\\/]contracts[\\/]dist[\\/]generated[\\/]validators\.js$/, [
  ["const require = createRequire(import.meta.url);", ""],
]);

/**
 * commander requires node:child_process at load, for subcommands that are separate executables
 * (which our programs never define); node:child_process loads node:net, node:dgram and the stream
 * modules, a few milliseconds of every CLI call. In the bundle it is required on its first use.
 */
export const lazyCommanderChildProcess = rewrite("lazy-commander-child-process", /[\\/]commander[\\/]lib[\\/]command\.js$/, [
  [
    "const childProcess = require('node:child_process');",
    "const childProcess = { spawn: (...spawnArgs) => require('node:child_process').spawn(...spawnArgs) };",
  ],
]);

/**
 * The MCP SDK's Ajv provider imports Ajv and ajv-formats at load, so every start that bundles the
 * SDK's server evaluated all of Ajv (its compiler, vocabularies, URI parser, meta-schemas), though
 * the provider only builds an instance for elicitation, and @salestouch/mcp hands the SDK one built
 * on first use. In the bundle both are required when the provider makes its first instance.
 */
export const lazySdkAjv = rewrite("lazy-sdk-ajv", /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]validation[\\/]ajv-provider\.js$/, [
  ["import Ajv from 'ajv';\n", ""],
  ["import _addFormats from 'ajv-formats';\n", ""],
  [
    "function createDefaultAjvInstance() {",
    "function createDefaultAjvInstance() {\n    const Ajv = require('ajv').default;\n    const _addFormats = require('ajv-formats').default;",
  ],
]);

/**
 * salestouch-mcp lists every tool before its first answer, and each tool's concise input schema was
 * computed from the command's full schema at every start (about 3 ms). In a bundle that holds
 * @salestouch/mcp they are computed here, by that package's own conciseSchema over the registry the
 * bundle holds (packages/mcp/src/concise-precomputed.ts); apps/mcp/src/main.test.ts checks the
 * binary lists what the unbundled package computes.
 */
export const precomputedConciseSchemas = {
  name: "precomputed-concise-schemas",
  setup(b) {
    b.onLoad({ filter: /[\\/]mcp[\\/]dist[\\/]concise-precomputed\.js$/ }, async (args) => {
      const { conciseSchema } = await import(pathToFileURL(join(dirname(args.path), "concise-schema.js")).href);
      const { commandIds, registry } = await import(pathToFileURL(createRequire(args.path).resolve("@salestouch/contracts")).href);
      const schemas = Object.fromEntries(commandIds.map((id) => [id, conciseSchema(registry[id].inputSchema)]));
      const from = "export const PRECOMPUTED_CONCISE_SCHEMAS = undefined;";
      const contents = replaceOnce(
        await readFile(args.path, "utf8"),
        from,
        `export const PRECOMPUTED_CONCISE_SCHEMAS = JSON.parse(${JSON.stringify(JSON.stringify(schemas))});`,
        args.path,
      );
      return { contents, loader: "js" };
    });
  },
};

/**
 * The MCP SDK's types module builds every zod schema of the protocol at load — client and server
 * messages, tasks, sampling, elicitation: about 380 schema calls, a tenth of an MCP stdio start,
 * though a server uses fewer than half of them. esbuild drops an unused declaration only when it
 * knows building it has no side effect, so each top-level declaration built by a call is marked
 * as such here (a pure, immediately called arrow); the schemas nothing in the bundle reaches are
 * then left out, and the rest are built exactly as before, in the same order.
 */
export const treeShakenMcpTypes = {
  name: "tree-shaken-mcp-types",
  setup(b) {
    b.onLoad({ filter: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]types\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const ts = (await import("typescript")).default;
      const source = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const wraps = [];
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (init && ts.isCallExpression(init)) wraps.push([init.getStart(source), init.end]);
        }
      }
      // The module's shape is checked, so an SDK that changes it fails the build instead of bundling every schema silently.
      if (wraps.length < 100)
        throw new Error(`esbuild-node: ${args.path} has ${wraps.length} top-level schema declarations; review treeShakenMcpTypes`);
      let contents = text;
      for (const [start, end] of wraps.reverse()) {
        contents = `${contents.slice(0, start)}/* @__PURE__ */ (() => ${contents.slice(start, end)})()${contents.slice(end)}`;
      }
      return { contents, loader: "js" };
    });
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
  // Ajv and its runtime helpers are bundled; better-sqlite3's compiled addon is loaded from the
  // installed package (bundledSqlite), so a program keeps better-sqlite3 among its dependencies.
  external: ["pg-native", "better-sqlite3/package.json"],
  // import.meta.url has no CommonJS meaning: bundled modules that read files beside themselves
  // (src/version.ts reads ../package.json) and the validators' createRequire get the bundle's URL.
  define: { "import.meta.url": "__salestouchBundleUrl" },
  banner: { js: 'var __salestouchBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [
    lazyPg,
    lazyExpress,
    bundledSqlite,
    bundledValidatorHelpers,
    lazyCommanderChildProcess,
    treeShakenMcpTypes,
    lazySdkAjv,
    precomputedConciseSchemas,
  ],
};
