// What a bundle started by launchBundle tells the launcher about its code cache.
// codeCacheReady: a bundle started with saveCache "started" says that the work every
// run of it does has been done (the MCP server: its first tools/list computed). Why: a server's
// first run saves its cache once set up, before any request, so the functions its first requests
// compile (building the tool list from every command's schemas) were compiled again on every
// start. Called here, a first run saves the cache again with them. Kept apart from launchBundle
// so that a bundle importing it takes in nothing else; without the launcher (tests, a source run)
// it does nothing.

/** Where launchBundle leaves the function that saves the cache again (a global: the bundle is run by the loader, not imported). */
export const SAVE_AGAIN = Symbol.for("@salestouch/launch.saveCodeCacheAgain");

export function codeCacheReady(): void {
  const global = globalThis as { [SAVE_AGAIN]?: () => void };
  const save = global[SAVE_AGAIN];
  if (save === undefined) return;
  delete global[SAVE_AGAIN];
  save();
}

/** Where the launcher looks before saving a cache at exit. */
export const NOT_NOW = Symbol.for("@salestouch/launch.codeCacheNotNow");

/**
 * This run did work later runs will not do (the CLI: it created or upgraded the database). Why: a
 * cache holds every function its run compiled and is deserialised whole by every later start, and
 * the migrations' code made the CLI's cache 12% larger (1.28 MB against 1.14 MB) for calls that never
 * migrate. With saveCache "exit", the launcher then leaves the cache to a later run.
 */
export function codeCacheNotNow(): void {
  (globalThis as { [NOT_NOW]?: boolean })[NOT_NOW] = true;
}
