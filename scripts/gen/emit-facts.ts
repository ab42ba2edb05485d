// The few facts a client needs about each command, without schemas or validators: its risk and
// category (whether a retry is safe without an idempotency key), and for a cursor-paginated list the
// output field that holds the page's items. Plus the contract's version. The client bundles this
// file alone, so it must import nothing.
import type { Json } from "./bundle.js";
import type { Spec, SpecCommand } from "./spec-model.js";

type Schema = { [key: string]: Json };

/** The output's array field when the command pages with `cursor` in and `next_cursor` out; else null. */
export function listField(command: SpecCommand): string | null {
  const input = ((command.input_schema as Schema)["properties"] ?? {}) as Schema;
  const output = ((command.output_schema as Schema)["properties"] ?? {}) as Schema;
  if (!("cursor" in input) || !("next_cursor" in output)) return null;
  const arrays = Object.entries(output)
    .filter(([, schema]) => (schema as Schema)["type"] === "array")
    .map(([name]) => name);
  if (arrays.length !== 1)
    throw new Error(
      `${command.command_id} pages with cursor/next_cursor but its output has ${arrays.length} array fields; a paginated list needs exactly one`,
    );
  return arrays[0]!;
}

export function contractVersion(spec: Spec): string {
  const version = ((spec.openapi["info"] ?? {}) as Schema)["version"];
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`spec/openapi.yaml info.version must be a semantic version (x.y.z), got ${JSON.stringify(version)}`);
  return version;
}

export function emitFacts(spec: Spec, generatedHeader: string): string {
  const lines = spec.commands.map((command) => {
    const facts = { risk: command.risk, category: command.category, list: listField(command) };
    return `  ${JSON.stringify(command.command_id)}: ${JSON.stringify(facts)},`;
  });
  return [
    generatedHeader,
    `/** The contract's semantic version (spec/openapi.yaml info.version). */`,
    `export const CONTRACT_VERSION = ${JSON.stringify(contractVersion(spec))};`,
    ``,
    `/** Per command: risk, category, and the output field of a cursor-paginated list's items (or null). */`,
    `export const commandFacts = {`,
    ...lines,
    `} as const;`,
    ``,
  ].join("\n");
}
