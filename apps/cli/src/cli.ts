// The CLI's process wiring, bundled into dist/cli.cjs and started by main.ts. Everything below is
// injected I/O, so this file only connects the process to runCli.
import { processIo } from "./io.js";
import { runCli } from "./program.js";

// A reader that stops early (`salestouch db export | head`) is not a failure: processIo stops
// quietly then (process.stdout is created only if a write needs it).
runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes("--debug");
    process.stderr.write(
      `salestouch: unexpected failure: ${error instanceof Error ? error.message : String(error)}${debug ? "" : " (run again with --debug for the stack trace)"}\n`,
    );
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
