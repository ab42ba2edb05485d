#!/usr/bin/env node
// The `salestouch` binary: runs the bundled CLI (dist/cli.cjs, from cli.ts) through V8's code cache
// (@salestouch/launch, inlined by the build). Why: an agent makes hundreds of calls, and compiling
// the bundle is the largest part of each one's start-up.
import { launchBundle } from "@salestouch/launch";

launchBundle(new URL("./cli.cjs", import.meta.url), {
  // `commands run` — the call made in loops — keeps a cache of its own.
  variant: process.argv.includes("run") ? "run" : "other",
  // A command ends by itself: the cache then holds every function the first call compiled.
  saveCache: "exit",
  debug: process.argv.includes("--debug"),
});
