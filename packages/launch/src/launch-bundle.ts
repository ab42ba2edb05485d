// launchBundle: runs a binary's esbuild bundle (CommonJS) through V8's code cache.
// Why: compiling a bundle — mostly the generated validators of every command — is the largest part
// of a binary's start-up, and agents start the CLI hundreds of times and MCP hosts start the stdio
// server on every session. The first run leaves the compiled code in a file beside the bundle;
// later runs skip the compilation. Without a writable folder every run simply compiles.
// A workspace package, not a shared source file: each binary's src/main.ts imports it like any
// dependency and esbuild inlines it into that binary's dist/main.js, so nothing is copied.
import { createRequire } from "node:module";
import { NOT_NOW, SAVE_AGAIN } from "./code-cache-ready.js";

// require(), not import: the ES module facade of node:fs alone costs milliseconds per start.
const require = createRequire(import.meta.url);
const { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
const { isAscii } = require("node:buffer") as typeof import("node:buffer");
const { basename, dirname, join } = require("node:path") as typeof import("node:path");
const { fileURLToPath } = require("node:url") as typeof import("node:url");
const vm = require("node:vm") as typeof import("node:vm");
const { wrap } = require("node:module") as { wrap(code: string): string };

export interface LaunchOptions {
  /**
   * Part of the cache file's name. A cache holds what its first run compiled, so runs that take
   * different paths (the CLI's `commands run` against everything else) keep one each.
   */
  variant: string;
  /**
   * When the first run saves the compiled code. "exit": when the process ends, so the cache holds
   * everything the run compiled (a command), unless the bundle called codeCacheNotNow().
   * "started": once the bundle's top level has run, before any input is read (a server, which
   * hosts usually kill rather than let exit), and again if the bundle then calls codeCacheReady()
   * (the MCP server, once its first tools/list is computed). "ready": only when the bundle calls
   * codeCacheReady() (a library loaded by loadBundle, once it has done what every use of it does).
   */
  saveCache: "exit" | "started" | "ready";
  /** Load the bundle the plain way with source maps on, so stack traces name source lines. */
  debug: boolean;
}

/** Keyed by the bundle's size and time and Node's version (V8 itself only checks the source length). */
function cacheFileOf(path: string, variant: string): string {
  const stat = statSync(path);
  return `${path}.${variant}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The bundle's text. esbuild writes ASCII (it escapes other characters), and ASCII read as Latin-1
 * is the same text, decoded in a fraction of the time UTF-8 decoding of two megabytes takes (a few
 * milliseconds of every start). Anything else is decoded as UTF-8.
 */
function readSource(path: string): string {
  const bytes = readFileSync(path);
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/**
 * The caches of earlier builds of this bundle (same variant, Node and architecture, another size or
 * time) go once a new one is saved: every build left one or two megabytes behind, never read again.
 */
function removeEarlierCaches(bundle: string, variant: string, keep: readonly string[]): void {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const earlier = new RegExp(
    `^${literal(`${basename(bundle)}.${variant}`)}-\\d+-\\d+-${literal(`${process.version}-${process.arch}`)}(\\.ready)?\\.v8cache$`,
  );
  try {
    for (const name of readdirSync(dirname(bundle))) {
      const path = join(dirname(bundle), name);
      if (earlier.test(name) && !keep.includes(path)) rmSync(path, { force: true });
    }
  } catch {
    // Left for a later save; they are only never read.
  }
}

/** Written aside and renamed into place, so a concurrent start never reads half a cache. */
function saveCache(script: import("node:vm").Script, path: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, path);
  } catch {
    // A read-only install: no cache, each start compiles. Whatever was half written goes, quietly.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing to remove that this process may remove.
    }
  }
}

function runWithCodeCache(bundle: string, options: Pick<LaunchOptions, "variant" | "saveCache">): unknown {
  const cacheFile = cacheFileOf(bundle, options.variant);
  // "started": the cache saved once set up is replaced by the one saved at codeCacheReady(), in a file
  // of its own, so that any later run still finds out whether its cache holds the first requests'
  // code. Why: a first run is often stopped before any request (a host trying the server, a
  // script reading the first key), and its cache then never gained what every later start's first
  // command compiles again.
  const readyFile = options.saveCache === "started" ? cacheFile.replace(/\.v8cache$/, ".ready.v8cache") : cacheFile;
  let cachedData = readCache(readyFile);
  const complete = cachedData !== undefined;
  if (!complete) cachedData = readCache(cacheFile);
  const source = readSource(bundle);
  const script = new vm.Script(wrap(source), { filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const save = (path: string): void => {
    saveCache(script, path);
    removeEarlierCaches(bundle, options.variant, [cacheFile, readyFile]);
  };
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  if (stale && options.saveCache === "exit")
    process.once("exit", () => {
      // Unless the bundle said this run is not like the others (codeCacheNotNow): a later run saves then.
      if ((globalThis as { [NOT_NOW]?: boolean })[NOT_NOW] !== true) save(cacheFile);
    });
  const module: { exports: unknown } = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(bundle),
    module,
    bundle,
    dirname(bundle),
  );
  if (stale && options.saveCache === "started") save(cacheFile);
  // (Once more) when the bundle calls codeCacheReady(): then the cache also holds what its first requests compiled.
  const global = globalThis as { [SAVE_AGAIN]?: () => void };
  if ((stale || !complete) && (options.saveCache === "started" || options.saveCache === "ready") && global[SAVE_AGAIN] === undefined)
    global[SAVE_AGAIN] = () => {
      save(readyFile);
      try {
        if (readyFile !== cacheFile) rmSync(cacheFile, { force: true });
      } catch {
        // Left for whoever may remove it; the complete cache is read first anyway.
      }
    };
  return module.exports;
}

/**
 * Loads the CommonJS bundle at `bundle` (a file URL) through the code cache and returns its
 * exports: a library bundled whole (the test server's package), whose users start it in every test
 * run. `saveCache` "ready": the cache is saved once the bundle calls codeCacheReady(), so it holds
 * what starting it compiled too; a process that never gets there saves nothing.
 */
export function loadBundle(bundle: URL, options: Pick<LaunchOptions, "variant" | "saveCache">): unknown {
  return runWithCodeCache(fileURLToPath(bundle), options);
}

/** Runs the CommonJS bundle at `bundle` (a file URL, usually beside the calling dist/main.js). */
export function launchBundle(bundle: URL, options: LaunchOptions): void {
  const path = fileURLToPath(bundle);
  if (options.debug) {
    // The plain loader, with source maps: stack traces of the minified bundle then name src/ lines.
    process.setSourceMapsEnabled(true);
    require(path);
  } else {
    runWithCodeCache(path, options);
  }
}
