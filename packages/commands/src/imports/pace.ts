// A long import shares the event loop: every slice of work it gives other requests a turn
// (docs/decisions/0012). Parsing and writing rows is synchronous on SQLite, so without this an
// import of a large CSV would hold the loop — health checks and reads included — until it ends.
// The import's transaction stays open meanwhile: other writes wait for it, reads do not.
import { performance } from "node:perf_hooks";

/** Work between two turns of the event loop, in milliseconds. */
const SLICE_MS = 8;

/** A function to await between rows: it resolves at once, or after a turn of the loop once a slice has passed. */
export function pacer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
