// The one lookup of a command by id: its definition, or the closest ids for a "did you mean" that
// each surface words in its own terms (a route, a CLI verb, an MCP tool).
import type { CommandDefinition } from "./definition.js";
import type { CommandId } from "./generated/types.js";
import { commandIds, registry } from "./generated/registry.js";
import { closestCommandIds } from "./naming.js";

export type FoundCommand = { definition: CommandDefinition; suggestions: [] } | { definition: null; suggestions: string[]; message: string };

export function findCommand(id: string): FoundCommand {
  if (Object.hasOwn(registry, id)) return { definition: registry[id as CommandId] as CommandDefinition, suggestions: [] };
  return { definition: null, suggestions: closestCommandIds(id, commandIds), message: `no command has the id "${id}"` };
}
