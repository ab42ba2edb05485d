#!/usr/bin/env node
// The `salestouch-mcp` binary: runs the bundled server (dist/stdio.cjs, from stdio.ts) through V8's
// code cache (@salestouch/launch, inlined by the build). Why: a host starts the server for every
// session and waits for its tools/list; compiling a few hundred modules was most of that wait.
import { launchBundle } from "@salestouch/launch";

const argv = process.argv.slice(2);

launchBundle(new URL("./stdio.cjs", import.meta.url), {
  // A cache holds what its first run compiled: --help or --version must not leave the one a served session uses.
  variant: argv.some((arg) => ["--help", "-h", "--version"].includes(arg)) ? "other" : "serve",
  // Hosts usually kill the server rather than let it exit, so the first start saves what it
  // compiled once the server is set up, before it reads any request.
  saveCache: "started",
  debug: argv.includes("--debug"),
});
