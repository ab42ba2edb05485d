// Long work shares the event loop: every slice of it gives other requests a turn
// (docs/decisions/0012). Parsing, hashing and writing are synchronous (on SQLite the writes too),
// so without this a large request would hold the loop — health checks and reads included — until
// it ends. Used by the command pipeline (hashing and checking a large input) and by imports.
import { nodeCrypto } from "./node-crypto.js";

/** Work between two turns of the event loop, in milliseconds. */
const SLICE_MS = 4;

/**
 * Something to await between pieces of work: it resolves at once, or after a turn of the loop once
 * a slice has passed. `due` says, without a promise, whether awaiting it now would wait: work that
 * is almost always small (a command's input) asks first and goes on synchronously until it is
 * (paceDue). A pace without `due` is always asked.
 */
export type Pace = (() => Promise<void>) & { readonly due?: () => boolean };

/** True when the work should await `pace` now; false when it would resolve at once. */
export function paceDue(pace: Pace): boolean {
  return pace.due === undefined || pace.due();
}

/**
 * Paced work waiting for its next slice, resumed one per turn of the loop: four imports at once
 * each giving the loop back after 8 ms, but all resumed in the same turn, held it for 32 ms.
 */
const waiting: (() => void)[] = [];

/**
 * Milliseconds on a monotonic clock. Not `performance.now()`: the global loads node:perf_hooks on
 * first use (its histograms and observers), a millisecond of every CLI call that runs a command.
 */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
let armed = false;

function resumeNext(): void {
  armed = false;
  waiting.shift()?.();
  if (waiting.length > 0) arm();
}

function arm(): void {
  if (armed) return;
  armed = true;
  setImmediate(resumeNext);
}

/**
 * A function to await between pieces of work: it resolves at once, or once a slice has passed,
 * after a turn of the loop — and after every other paced task waiting before it has had its slice
 * (one slice per turn, whatever the number of tasks), so the loop's I/O is served between slices.
 */
export function pacer(): Pace {
  let since = now();
  const due = (): boolean => now() - since >= SLICE_MS;
  const pace = async (): Promise<void> => {
    if (!due()) return;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      arm();
    });
    since = now();
  };
  return Object.assign(pace, { due });
}

/**
 * Characters of a long string handled between two looks at the clock (hashing or escaping this
 * many takes about a millisecond).
 */
export const TEXT_SLICE = 262_144;

/**
 * Where a slice of `text` starting at `from` ends: TEXT_SLICE characters on, or one fewer so that
 * a surrogate pair is never cut in two (each half alone would encode or escape differently).
 */
export function sliceEnd(text: string, from: number, size = TEXT_SLICE): number {
  const end = from + size;
  if (end >= text.length) return text.length;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

/** sha256 (hex) of the text's UTF-8, the same as hashing it whole, computed in slices with a turn of the loop when one is due. */
export async function sha256Text(text: string, pace: Pace): Promise<string> {
  const hash = nodeCrypto().createHash("sha256");
  for (let from = 0; from < text.length; ) {
    const end = sliceEnd(text, from);
    hash.update(text.slice(from, end), "utf8");
    from = end;
    await pace();
  }
  return hash.digest("hex");
}
