// The registry (descriptors, bundled schemas, examples, validators by command id) and the error catalogue.
import type { Json } from "./bundle.js";
import { validatorName } from "./names.js";
import type { Spec, SpecCommand, SpecExample } from "./spec-model.js";

const TEMPLATE = /\{\{([a-z_]+)\.([a-z_.]+)\}\}/g;

/** A placeholder such as {{mission.mission.id}} reads as <mission.id> in documentation. */
function forDocs(input: Json): string {
  return JSON.stringify(input).replace(TEMPLATE, (_match, _step: string, path: string) => `<${path}>`);
}

function descriptorExamples(command: SpecCommand): Json[] {
  const successes = command.examples.filter((e) => e.expect.ok);
  const out: Json[] = successes.map((e: SpecExample) => ({
    title: e.title,
    language: "bash",
    code: `salestouch commands run ${command.command_id} --input-json '${forDocs(e.input)}' --json`,
  }));
  const first = successes[0];
  if (first) {
    out.push({
      title: `${first.title} (HTTP)`,
      language: "bash",
      code: `curl -X POST "$SALESTOUCH_API_BASE_URL/api/v1/commands/${command.command_id}" -H "Authorization: Bearer $SALESTOUCH_API_KEY" -H "Content-Type: application/json" -d '${JSON.stringify({ input: JSON.parse(forDocs(first.input)) })}'`,
    });
  }
  return out;
}

function descriptor(command: SpecCommand): Json {
  return {
    command_id: command.command_id,
    title: command.title,
    description: command.description,
    summary: command.summary,
    visibility: command.visibility,
    risk: command.risk,
    category: command.category,
    default_permission: command.default_permission,
    when_to_use: command.when_to_use,
    risk_notes: command.risk_notes,
    output_notes: command.output_notes,
    related_commands: command.related_commands,
    related_resources: command.related_resources,
    examples: descriptorExamples(command),
  };
}

function literal(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function definition(command: SpecCommand): string {
  const id = command.command_id;
  const approval = command.approval_output_schema === null ? "null" : `v.${validatorName(id, "approval_output")}`;
  const examples = command.examples.map((e) => ({ name: e.name, title: e.title, setup: e.setup, input: e.input, expect: e.expect }));
  // The large parts are functions, built on first read (lazyDefinition): a start compiles and
  // keeps in its code cache only the parts it reads.
  const built = (value: unknown): string => `() => (${literal(value).replace(/\n/g, "\n    ")})`;
  return [
    `  ${JSON.stringify(id)}: lazyDefinition({`,
    `    id: ${JSON.stringify(id)},`,
    `    descriptor: ${built(descriptor(command))},`,
    `    inputSchema: ${built(command.input_schema)},`,
    `    outputSchema: ${built(command.output_schema)},`,
    `    approvalOutputSchema: ${built(command.approval_output_schema)},`,
    `    compactTrim: ${JSON.stringify(command.response_profiles.compact.trim)},`,
    `    writes: ${JSON.stringify(command.writes ?? command.risk !== "read")},`,
    `    examples: ${built(examples)},`,
    `    validateInput: v.${validatorName(id, "input")},`,
    `    validateOutput: v.${validatorName(id, "output")},`,
    `    validateApprovalOutput: ${approval},`,
    `  }),`,
  ].join("\n");
}

export function emitRegistry(spec: Spec, generatedHeader: string): string {
  return [
    generatedHeader,
    `import type { Registry } from "../definition.js";`,
    `import { lazyDefinition } from "../lazy-definition.js";`,
    `import * as v from "./validators.js";`,
    ``,
    `/** Every command of the spec, by id. */`,
    `export const registry: Registry = {`,
    ...spec.commands.map(definition),
    `};`,
    ``,
    `/** Command ids in spec order (sorted). */`,
    `export const commandIds = ${JSON.stringify(spec.commands.map((c) => c.command_id))} as const;`,
    ``,
  ].join("\n");
}

export function emitErrors(spec: Spec, generatedHeader: string): string {
  const entries = spec.errors.map((e) => `  ${e.code}: ${JSON.stringify(e)},`);
  return [
    generatedHeader,
    `/** The closed error catalogue (spec/errors.json), by code. */`,
    `export const errorCatalogue = {`,
    ...entries,
    `} as const;`,
    ``,
    `export type ErrorCode = keyof typeof errorCatalogue;`,
    ``,
  ].join("\n");
}
