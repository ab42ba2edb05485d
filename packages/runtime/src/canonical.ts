// command_hash = sha256 of the canonical JSON of {command_id, input} (docs/design.md "The runtime pipeline").
import type { Hash } from "node:crypto";
import { nodeCrypto } from "./node-crypto.js";
import { pathDeeperThan } from "./depth.js";
import { paceDue, sliceEnd, TEXT_SLICE, type Pace } from "./pace.js";

/** JSON with object keys sorted at every depth; undefined members dropped like JSON.stringify. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}

/** Inputs nested past the input depth bound hash as a marker: they are refused, never stored. */
export function commandHash(commandId: string, input: unknown): string {
  const hashed = pathDeeperThan(input) === null ? input : { too_deep: true };
  return nodeCrypto()
    .createHash("sha256")
    .update(canonicalJson({ command_id: commandId, input: hashed }))
    .digest("hex");
}

/** Values written between two looks at the clock. */
const NODES_PER_LOOK = 512;

/**
 * commandHash for an input of any size without holding the event loop (docs/decisions/0012): the
 * same digest, but the canonical JSON is fed to the hash in pieces — a long string escaped slice
 * by slice, a long array or object value by value — with a turn of the loop whenever `pace` says
 * one is due. The caller has put the too-deep marker in place of an input nested past the bound
 * (inspectInput finds that without recursion). canonicalJson builds the whole text (and escapes a several-megabyte string) in one
 * go: 15–20 ms for a 3.3 MB CSV, 140–320 ms for 20 MB. A value, not a promise, when no turn came due.
 */
export function commandHashPaced(commandId: string, input: unknown, pace: Pace): string | Promise<string> {
  return canonicalSha256({ command_id: commandId, input }, pace);
}

/** sha256 (hex) of canonicalJson(value), written in pieces with a turn of the loop when one is due (as commandHashPaced). */
export function canonicalSha256(value: unknown, pace: Pace): string | Promise<string> {
  const hash = nodeCrypto().createHash("sha256");
  const write = canonicalWriter(value, hash);
  if (write(pace)) return hash.digest("hex");
  return (async () => {
    do await pace();
    while (!write(pace));
    return hash.digest("hex");
  })();
}

/** A long string being escaped into the hash slice by slice: the text, and where the next slice starts. */
interface LongText {
  text: string;
  from: number;
}

/**
 * Writes canonicalJson(root) into the hash, iteratively (an explicit stack of what is still to
 * write), as a function that goes on where it stopped: false when it stopped for a turn of the
 * loop, true once everything is written.
 */
function canonicalWriter(root: unknown, hash: Hash): (pace: Pace) => boolean {
  let buffer = "";
  const out = (text: string): void => {
    buffer += text;
    if (buffer.length >= TEXT_SLICE) {
      hash.update(buffer, "utf8");
      buffer = "";
    }
  };
  /** A string is written as it is; a box holds a value still to be written as canonical JSON. */
  const stack: (string | { value: unknown } | LongText)[] = [{ value: root }];
  let nodes = 0;
  /** The value taken when a turn came due, written first on the way back. */
  let held: { value: unknown } | null = null;
  return (pace) => {
    while (held !== null || stack.length > 0) {
      let item: { value: unknown };
      if (held !== null) {
        item = held;
        held = null;
      } else {
        const next = stack.pop()!;
        if (typeof next === "string") {
          out(next);
          continue;
        }
        if ("text" in next) {
          // Escaping slice by slice gives what escaping the whole gives: no slice ends inside a surrogate pair.
          const end = sliceEnd(next.text, next.from);
          out(JSON.stringify(next.text.slice(next.from, end)).slice(1, -1));
          if (end < next.text.length) stack.push({ text: next.text, from: end });
          if (paceDue(pace)) return false;
          continue;
        }
        item = next;
        if (++nodes % NODES_PER_LOOK === 0 && paceDue(pace)) {
          held = item;
          return false;
        }
      }
      const value = item.value;
      if (typeof value === "string" && value.length > TEXT_SLICE) {
        out('"');
        stack.push('"', { text: value, from: 0 });
      } else if (value === null || typeof value !== "object") {
        out(JSON.stringify(value) ?? "null");
      } else if (Array.isArray(value)) {
        stack.push("]");
        for (let i = value.length - 1; i >= 0; i--) {
          stack.push({ value: value[i] === undefined ? null : value[i] });
          if (i > 0) stack.push(",");
        }
        stack.push("[");
      } else {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record)
          .sort()
          .filter((key) => record[key] !== undefined);
        stack.push("}");
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push({ value: record[keys[i]!] });
          stack.push(`${i > 0 ? "," : ""}${JSON.stringify(keys[i])}:`);
        }
        stack.push("{");
      }
    }
    hash.update(buffer, "utf8");
    return true;
  };
}
