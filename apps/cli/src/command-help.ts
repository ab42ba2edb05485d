// Help for one command, generated from its spec entry (summary, when to use, input fields with
// their types and whether they are required, examples), so the CLI never describes a command twice.
import { findCommand, type CommandDefinition } from "@salestouch/contracts";
import { flagHelpLines } from "./input-flags.js";
import { describeType, type Schema } from "./schema-words.js";

export { describeType };

export function definitionOf(commandId: string): CommandDefinition | null {
  return findCommand(commandId).definition;
}

/** The object schema whose fields a field's value holds, if any (objects, lists of objects). */
function nestedObject(schema: Schema): Schema | null {
  if (schema.properties) return schema;
  if (schema.items) return nestedObject(schema.items);
  for (const option of schema.anyOf ?? []) {
    const found = nestedObject(option);
    if (found) return found;
  }
  return null;
}

function fieldLines(schema: Schema, prefix: string, depth: number): string[] {
  const lines: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const facts = [describeType(field), required.has(name) ? "required" : "optional"];
    if (field.default !== undefined) facts.push(`default ${JSON.stringify(field.default)}`);
    lines.push(`  ${prefix}${name}  (${facts.join(", ")})`);
    if (field.description) lines.push(`      ${field.description}`);
    const nested = nestedObject(field);
    if (nested && depth < 2) lines.push(...fieldLines(nested, `${prefix}${name}${field.items ? "[]" : ""}.`, depth + 1));
  }
  return lines;
}

function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : ["", `${title}:`, ...body];
}

export function commandHelpText(definition: CommandDefinition): string {
  const d = definition.descriptor;
  const input = definition.inputSchema as Schema;
  const fields = fieldLines(input, "", 0);
  const lines = [
    `${d.command_id} — ${d.title}`,
    "",
    d.summary,
    "",
    d.description,
    ...section("When to use", [`  ${d.when_to_use}`]),
    ...section("Usage", [
      `  salestouch commands run ${d.command_id} [field flags] [--json] [--compact]`,
      `  salestouch commands run ${d.command_id} --input-json '<json>' [--json] [--compact]`,
      `  salestouch commands run ${d.command_id} --input-file <path|-> [--json] [--compact]`,
    ]),
    ...section("Flags (one per input field; --input-json takes precedence)", flagHelpLines(definition)),
    ...section("Input fields", fields.length > 0 ? fields : ["  (none: pass '{}')"]),
    ...section("Risk", [`  ${d.risk}; default permission ${d.default_permission}`, ...d.risk_notes.map((n) => `  - ${n}`)]),
    ...section(
      "Output",
      d.output_notes.map((n) => `  - ${n}`),
    ),
    ...section(
      "Examples",
      d.examples.flatMap((e) => [`  # ${e.title}`, `  ${e.code}`]),
    ),
    ...section("Related commands", d.related_commands.length > 0 ? [`  ${d.related_commands.join(", ")}`] : []),
    "",
    `Full schemas: salestouch commands schema ${d.command_id} --json`,
  ];
  return `${lines.join("\n")}\n`;
}
