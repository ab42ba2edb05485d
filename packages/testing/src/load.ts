// The package's entry (dist/index.cjs, and through it dist/index.js and the bin): the whole server,
// bundled into dist/server.cjs, loaded through V8's code cache (@salestouch/launch, inlined here).
// Why: a test suite starts the throwaway server in every run, and compiling a 3.6 MB bundle was the
// larger part of that start. The cache is written beside the bundle once the first start has
// finished (codeCacheReady in startTestServer), so it also holds the migrations and the key's
// creation that every start runs; an install that cannot be written to compiles every time.
import { loadBundle } from "@salestouch/launch";
import type * as Testing from "./index.js";

const bundle = loadBundle(new URL("./server.cjs", import.meta.url), { variant: "testing", saveCache: "ready" }) as typeof Testing;

export const { startTestServer, runTestServerCli } = bundle;
