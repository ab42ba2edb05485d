#!/usr/bin/env node
// The `salestouch` binary. Everything below is injected I/O, so this file only wires the process.
import { processIo } from "./io.js";
import { runCli } from "./program.js";

// The bundle is minified; with --debug, stack traces of modules loaded from here on map to src/.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes("--debug");
    process.stderr.write(`salestouch: unexpected failure: ${error instanceof Error ? error.message : String(error)}${debug ? "" : " (run again with --debug for the stack trace)"}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
