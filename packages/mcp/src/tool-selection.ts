// Which commands a server exposes as tools: start-up options (--tools, --category, --read-only)
// let a user hand an agent a safe subset; `allow` lets a host hide what the caller may not run.
import { commandIds, commandToolName, registry, type CommandDefinition, type Descriptor } from "@salestouch/contracts";

export interface ToolSelection {
  /** `underscore` (default): mission_create, accepted by every model API; `dotted`: mission.create. */
  names?: "underscore" | "dotted";
  /** Globs (`*`, `?`) over command ids or tool names: `mission.*`, `offer_get`. */
  include?: readonly string[];
  category?: string;
  /** Only commands with risk `read`. */
  readOnly?: boolean;
  /** A host's own filter, e.g. the scopes of the caller's API key. */
  allow?: (descriptor: Descriptor) => boolean;
}

/** Start-up options that select nothing, or name what does not exist. */
export class ToolSelectionError extends Error {
  override name = "ToolSelectionError";
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

function matchesAny(id: string, patterns: readonly RegExp[]): boolean {
  const tool = commandToolName(id);
  return patterns.some((p) => p.test(id) || p.test(tool));
}

function checkOptions(selection: ToolSelection, all: readonly CommandDefinition[]): void {
  const categories = [...new Set(all.map((d) => d.descriptor.category))];
  if (selection.category !== undefined && !categories.includes(selection.category as never)) {
    throw new ToolSelectionError(`no command has the category "${selection.category}"; use one of ${categories.join(", ")}`);
  }
  for (const glob of selection.include ?? []) {
    if (!all.some((d) => matchesAny(d.id, [globToRegExp(glob)]))) {
      throw new ToolSelectionError(
        `--tools pattern "${glob}" matches no command; patterns match ids or tool names, e.g. ${all[0]?.id ?? "noun.verb"} or ${commandToolName(all[0]?.id ?? "noun.verb")}; list them with \`salestouch commands list\``,
      );
    }
  }
}

/** The commands to expose, in registry order; throws ToolSelectionError when the options select none. */
export function selectCommands(selection: ToolSelection = {}): CommandDefinition[] {
  const all = commandIds.map((id) => registry[id] as CommandDefinition);
  checkOptions(selection, all);
  const patterns = (selection.include ?? []).map(globToRegExp);
  const chosen = all.filter(
    (d) =>
      (patterns.length === 0 || matchesAny(d.id, patterns)) &&
      (selection.category === undefined || d.descriptor.category === selection.category) &&
      (!selection.readOnly || d.descriptor.risk === "read"),
  );
  if (chosen.length === 0) {
    throw new ToolSelectionError("these options together select no command; loosen --tools, --category or --read-only");
  }
  return selection.allow ? chosen.filter((d) => selection.allow!(d.descriptor)) : chosen;
}
