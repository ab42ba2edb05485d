// Surface names derived from a command id, in one tested place (docs/style.md rule 1).
import type { CommandId } from "./generated/types.js";

/** REST path of a command: POST /api/v1/commands/mission.create. */
export function commandHttpPath(commandId: string): string {
  return `/api/v1/commands/${commandId}`;
}

/**
 * MCP tool name: the id with `.` → `_`, because the Claude and OpenAI APIs accept only
 * ^[a-zA-Z0-9_-]{1,64}$. `dotted` keeps the id for hosts that accept dots.
 */
export function commandToolName(commandId: string, options: { dotted?: boolean } = {}): string {
  return options.dotted ? commandId : commandId.replace(/\./g, "_");
}

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Ids ranked by closeness to `wanted`, for "did you mean" hints on unknown commands. */
export function closestCommandIds(wanted: string, ids: readonly string[], max = 3): string[] {
  const w = wanted.toLowerCase().replace(/_/g, ".");
  return ids
    .map((id) => ({ id, d: editDistance(w, id) - (id.includes(w) || w.includes(id) ? 2 : 0) }))
    .filter((c) => c.d <= Math.max(3, Math.floor(c.id.length / 2)))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((c) => c.id);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export function isCommandId(value: string, ids: readonly string[]): value is CommandId {
  return ids.includes(value);
}

/** Request header by which the CLI and MCP in remote mode say who reads the answer (`cli`, `mcp`), so a server words its hints for them. */
export const SURFACE_HEADER = "x-salestouch-surface";
