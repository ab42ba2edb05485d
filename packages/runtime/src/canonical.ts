// command_hash = sha256 of the canonical JSON of {command_id, input} (docs/design.md "The runtime pipeline").
import { createHash } from "node:crypto";
import { pathDeeperThan } from "./depth.js";

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
  return createHash("sha256")
    .update(canonicalJson({ command_id: commandId, input: hashed }))
    .digest("hex");
}
