// Response profiles: `full` returns everything; `compact` empties the paths the spec lists.
import type { ResponseProfile } from "@salestouch/contracts";

function trimPath(node: unknown, segments: readonly string[]): void {
  if (node === null || typeof node !== "object" || segments.length === 0) return;
  const [head = "", ...rest] = segments;
  const isList = head.endsWith("[]");
  const key = isList ? head.slice(0, -2) : head;
  const record = node as Record<string, unknown>;
  if (!(key in record)) return;
  if (rest.length === 0) {
    const value = record[key];
    if (Array.isArray(value)) record[key] = [];
    else if (typeof value === "string") record[key] = "";
    return;
  }
  const child = record[key];
  if (isList && Array.isArray(child)) for (const item of child) trimPath(item, rest);
  else trimPath(child, rest);
}

/** Applies the profile in place; returns the paths it emptied (for meta.warnings). */
export function applyProfile(data: unknown, profile: ResponseProfile, compactTrim: readonly string[]): string[] {
  if (profile !== "compact" || compactTrim.length === 0) return [];
  for (const path of compactTrim) trimPath(data, path.split("."));
  return [...compactTrim];
}
