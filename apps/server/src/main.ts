// The `npm start` binary: runs the bundled server (dist/serve.cjs, from serve.ts) through V8's code
// cache (@salestouch/launch). Why: a cold start loaded and compiled a few hundred modules before the
// first request could be answered; from the bundle and its cache it is a fraction of that.
import { launchBundle } from "@salestouch/launch";

launchBundle(new URL("./serve.cjs", import.meta.url), {
  variant: "serve",
  // A server is stopped by a signal, often not gracefully: save once its modules have loaded.
  saveCache: "started",
  debug: process.argv.includes("--debug"),
});
