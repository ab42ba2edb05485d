#!/usr/bin/env node
// The `salestouch` binary: runs the bundled CLI (dist/cli.cjs, from cli.ts) through V8's code cache.
// Why: compiling the bundle — mostly the generated validators of every command — is the largest
// part of a call's start-up, and an agent makes hundreds of calls. The first call leaves the
// compiled code in a file beside the bundle; later calls skip the compilation. Without a writable
// folder it simply compiles every time.
import { createRequire } from "node:module";

// require(), not import: the ES module facade of node:fs alone costs milliseconds per call.
const require = createRequire(import.meta.url);
const { readFileSync, renameSync, statSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
const { dirname } = require("node:path") as typeof import("node:path");
const { fileURLToPath } = require("node:url") as typeof import("node:url");
const vm = require("node:vm") as typeof import("node:vm");
const { wrap } = require("node:module") as { wrap(code: string): string };

const bundle = fileURLToPath(new URL("./cli.cjs", import.meta.url));

/**
 * Keyed by the bundle's size and time and Node's version (V8 itself only checks the source length),
 * and by verb: a cache holds what its first call compiled, so `commands run` — the call made in
 * loops — keeps one of its own.
 */
function cacheFileOf(path: string, argv: readonly string[]): string {
  const stat = statSync(path);
  const verb = argv.includes("run") ? "run" : "other";
  return `${path}.${verb}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written when the process ends, so the cache holds every function this call compiled; atomic for concurrent calls. */
function writeCacheOnExit(script: import("node:vm").Script, path: string): void {
  process.once("exit", () => {
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, path);
    } catch {
      // A read-only install: no cache, each call compiles.
    }
  });
}

function runWithCodeCache(): void {
  const cacheFile = cacheFileOf(bundle, process.argv.slice(2));
  const cachedData = readCache(cacheFile);
  const source = readFileSync(bundle, "utf8");
  const script = new vm.Script(wrap(source), { filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cachedData === undefined || script.cachedDataRejected === true) writeCacheOnExit(script, cacheFile);
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

if (process.argv.includes("--debug")) {
  // The plain loader, with source maps: stack traces of the minified bundle then name src/ lines.
  process.setSourceMapsEnabled(true);
  require(bundle);
} else {
  runWithCodeCache();
}
