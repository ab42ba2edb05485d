// lazyDefinition: a command of the generated registry whose large parts are built on first read.
// Why: the registry holds every command's descriptor (long texts, examples), schemas and examples
// as object literals. Built at load, all of it was compiled into the binaries' code cache and
// deserialised by every start, though a CLI call reads one command's parts (docs/performance.md,
// "Fourth pass at start"). Each part is now a function the generated file passes here, compiled
// and run the first time its property is read; the value is then kept, so every read returns the
// same object, as a plain property would.
import type { CommandDefinition } from "./definition.js";
import type { CommandId } from "./generated/types.js";

type LazyPart = "descriptor" | "inputSchema" | "outputSchema" | "approvalOutputSchema" | "examples";
const LAZY_PARTS: ReadonlySet<string> = new Set<LazyPart>(["descriptor", "inputSchema", "outputSchema", "approvalOutputSchema", "examples"]);

/** A command's parts as the generated registry writes them: the large ones as functions that build them. */
type DefinitionParts<K extends CommandId> = {
  [P in keyof CommandDefinition<K>]: P extends LazyPart ? () => CommandDefinition<K>[P] : CommandDefinition<K>[P];
};

/** The definition, its properties in the order given (the large parts as getters that keep what they built). */
export function lazyDefinition<K extends CommandId>(parts: DefinitionParts<K>): CommandDefinition<K> {
  const definition = {} as CommandDefinition<K>;
  for (const [key, value] of Object.entries(parts)) {
    if (!LAZY_PARTS.has(key)) {
      Object.defineProperty(definition, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const build = value as () => unknown;
    Object.defineProperty(definition, key, {
      enumerable: true,
      configurable: true,
      get() {
        const built = build();
        Object.defineProperty(definition, key, { value: built, enumerable: true, writable: true, configurable: true });
        return built;
      },
      set(replacement: unknown) {
        Object.defineProperty(definition, key, { value: replacement, enumerable: true, writable: true, configurable: true });
      },
    });
  }
  return definition;
}
