// The resources list (spec/resources.json), checked against the commands, as a typed module.
import type { SpecResource } from "./load-resources.js";

export function emitResources(resources: readonly SpecResource[], generatedHeader: string): string {
  const entries = resources.map((r) => {
    const source = r.builtin !== undefined ? { builtin: r.builtin } : { command: r.command, input: r.input ?? {} };
    const definition = { uri: r.uri, name: r.name, title: r.title, description: r.description, mimeType: r.mimeType, ...source };
    return `  ${JSON.stringify(definition)},`;
  });
  return [
    generatedHeader,
    `import type { ResourceDefinition } from "../resource.js";`,
    ``,
    `/** The read-only resources, in spec order. */`,
    `export const resources: readonly ResourceDefinition[] = [`,
    ...entries,
    `];`,
    ``,
  ].join("\n");
}
