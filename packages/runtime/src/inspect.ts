// One walk over a command's input before anything else reads it (docs/decisions/0012): how deep
// it nests, the first text it may not hold (text.ts), and the copy validation fills defaults into.
// A body of megabytes has hundreds of thousands of values; walking them in one go held the event
// loop for 100–300 ms (10,000 leads), so the walk offers the loop a turn every few hundred values
// and builds a value's JSON-pointer path only when it reports one.
import { MAX_INPUT_DEPTH } from "./depth.js";
import { paceDue, type Pace } from "./pace.js";
import { unstorableText } from "./text.js";

export interface Inspection {
  /** The path of the first value nested deeper than MAX_INPUT_DEPTH, or null (then the rest is known). */
  deep: string | null;
  /** The path and reason of the first string or field name that cannot be stored, or null. */
  unstorable: { path: string; message: string } | null;
  /** The input's objects and arrays copied, its strings and other leaves shared (they are immutable). */
  copy: unknown;
}

/** A value still to visit: where it hangs (for its path, built only when reported) and where its copy goes. */
interface Frame {
  node: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number;
  into: Record<string, unknown> | unknown[];
}

/** Values visited between two looks at the clock. */
const NODES_PER_LOOK = 512;

function pathOf(frame: Frame | null, last?: string): string {
  const keys: string[] = last === undefined ? [] : [last];
  for (let at = frame; at !== null && at.parent !== null; at = at.parent) keys.push(String(at.key));
  return keys.length === 0 ? "" : `/${keys.reverse().join("/")}`;
}

function place(into: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  // An own "__proto__" (JSON.parse makes one) stays a member for validation to refuse, not a prototype.
  if (key === "__proto__") Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else (into as Record<string | number, unknown>)[key] = value;
}

/**
 * The walk, in the order the earlier separate checks used (a node's children pushed in order and
 * taken from the end), so the same path is reported. Strings at the `skip` paths (top-level CSV
 * text, checked row by row by its import) are not checked. The answer is a value, not a promise,
 * when the walk ends before a turn of the loop is due — nearly every command's input.
 */
export function inspectInput(value: unknown, skip: ReadonlySet<string>, pace: Pace): Inspection | Promise<Inspection> {
  const walk = walker(value, skip);
  return walk(pace) ?? resumed(walk, pace);
}

async function resumed(walk: (pace: Pace) => Inspection | null, pace: Pace): Promise<Inspection> {
  for (;;) {
    await pace();
    const done = walk(pace);
    if (done !== null) return done;
  }
}

/** The walk as a function that goes on where it stopped: null when it stopped for a turn of the loop, else the inspection. */
function walker(value: unknown, skip: ReadonlySet<string>): (pace: Pace) => Inspection | null {
  const root: Record<string, unknown> = {};
  const stack: Frame[] = [{ node: value, depth: 0, parent: null, key: "value", into: root }];
  let unstorable: Inspection["unstorable"] = null;
  let nodes = 0;
  /** The frame taken when a turn came due, visited first on the way back. */
  let held: Frame | null = null;
  return (pace) => {
    while (held !== null || stack.length > 0) {
      let frame: Frame;
      if (held !== null) {
        frame = held;
        held = null;
      } else {
        frame = stack.pop()!;
        if (++nodes % NODES_PER_LOOK === 0 && paceDue(pace)) {
          held = frame;
          return null;
        }
      }
      const { node, depth } = frame;
      if (node === null || typeof node !== "object") {
        place(frame.into, frame.key, node);
        if (unstorable === null && typeof node === "string" && !(depth === 1 && skip.has(`/${frame.key}`))) {
          const why = unstorableText(node);
          if (why) unstorable = { path: pathOf(frame) || "/", message: why };
        }
        continue;
      }
      if (depth >= MAX_INPUT_DEPTH) return { deep: pathOf(frame) || "/", unstorable, copy: undefined };
      if (Array.isArray(node)) {
        const copy: unknown[] = new Array(node.length);
        place(frame.into, frame.key, copy);
        for (let i = 0; i < node.length; i++) stack.push({ node: node[i], depth: depth + 1, parent: frame, key: i, into: copy });
      } else {
        const copy: Record<string, unknown> = {};
        place(frame.into, frame.key, copy);
        const keys = Object.keys(node);
        // Members are filled as they are visited (last first): placed now, the copy keeps the input's key order.
        for (const key of keys) place(copy, key, undefined);
        for (const key of keys) {
          if (unstorable === null) {
            const why = unstorableText(key);
            if (why) unstorable = { path: pathOf(frame, key.replace(/[^\x20-\x7e]/g, "?")), message: `the field name ${why}` };
          }
          stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key, into: copy });
        }
      }
    }
    return { deep: null, unstorable, copy: root["value"] };
  };
}
