// Reads spec/, bundles each command's schemas and checks everything `pnpm gen:check` promises.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { bundle, createBundleContext, type Json } from "./bundle.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import { createAjv } from "./ajv.js";
import type { Spec, SpecCommand, SpecErrorEntry, SpecExample, Vocabulary } from "./spec-model.js";
import { applyTextRule, loadTextRule } from "./text-rule.js";

const ERROR_CODE = /^[a-z][a-z_]*$/;

export class InvalidSpecError extends Error {}

function fail(problems: string[]): never {
  throw new InvalidSpecError(`spec is invalid:\n  - ${problems.join("\n  - ")}`);
}

function readJson(path: string): Json {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Json;
  } catch (error) {
    fail([`${path}: ${(error as Error).message}`]);
  }
}

/** One Ajv error of a command file, in words: where, what, and the allowed values or the stray key. */
function describeProblem(error: ErrorObject): string {
  const where = error.instancePath === "" ? "the file" : error.instancePath.slice(1).replace(/\//g, ".");
  const params = error.params as { allowedValues?: unknown[]; additionalProperty?: string; allowedValue?: unknown };
  if (params.allowedValues) return `${where} must be one of ${params.allowedValues.join(", ")}`;
  if (params.additionalProperty) return `${where} has an unknown key "${params.additionalProperty}" (spec/command.schema.json lists the keys)`;
  if (params.allowedValue !== undefined) return `${where} must be ${JSON.stringify(params.allowedValue)}`;
  return `${where} ${error.message ?? "is invalid"}`;
}

/** A command file against spec/command.schema.json, plus what a schema cannot say (the file name, examples' place). */
function checkDescriptor(raw: { [key: string]: Json }, file: string, validate: ValidateFunction, problems: string[]): void {
  if ("examples" in raw) problems.push(`${file}: examples live in spec/examples/<command_id>/, not in the command file`);
  if (!validate(raw)) {
    // A oneOf of consts (the categories) fails once per const: report the allowed values once.
    const consts = new Map<string, unknown[]>();
    for (const error of validate.errors ?? []) {
      if (error.keyword === "const" && error.schemaPath.includes("/oneOf/"))
        consts.set(error.instancePath, [...(consts.get(error.instancePath) ?? []), (error.params as { allowedValue: unknown }).allowedValue]);
      if (["if", "oneOf"].includes(error.keyword) || error.schemaPath.includes("/oneOf/")) continue;
      if (error.keyword === "additionalProperties" && (error.params as { additionalProperty?: string }).additionalProperty === "examples") continue;
      problems.push(`${file}: ${describeProblem(error)}`);
    }
    for (const [path, allowedValues] of consts)
      problems.push(`${file}: ${describeProblem({ instancePath: path, params: { allowedValues } } as unknown as ErrorObject)}`);
    return;
  }
  if (`${raw["command_id"] as string}.json` !== file.split("/").pop())
    problems.push(`${file}: file name must be ${raw["command_id"] as string}.json`);
}

type Schema = { [key: string]: Json };

/** The words a schema node allows, with their descriptions: an `enum`, or a `oneOf` of described `const`s. */
function wordsOf(schema: Schema, path: string): { values: string[]; descriptions: Record<string, string> } {
  const node = path.split("/").reduce<Json>((at, key) => (at as Schema)[key]!, schema) as Schema;
  const options = (node["oneOf"] ?? (node["enum"] as Json[] | undefined)?.map((value) => ({ const: value }))) as Schema[] | undefined;
  if (!Array.isArray(options) || options.some((o) => typeof o["const"] !== "string"))
    fail([`${path} must be an enum, or a oneOf of const, of strings`]);
  const descriptions: Record<string, string> = {};
  for (const o of options) if (typeof o["description"] === "string") descriptions[o["const"] as string] = o["description"];
  return { values: options.map((o) => o["const"] as string), descriptions };
}

/** The vocabulary, read from where the spec states each word. */
function loadVocabulary(specDir: string, commandSchema: Schema): Omit<Vocabulary, "text"> {
  const approval = readJson(join(specDir, "schemas", "approval.json")) as Schema;
  const leadFields = (readJson(join(specDir, "schemas", "lead-input.json")) as Schema)["$defs"] as Schema;
  const leadTextLimits: Record<string, number> = {};
  // A plain text field: a string with a maxLength and nothing else to check (no format, no pattern).
  for (const [field, schema] of Object.entries(leadFields)) {
    const text = (((schema as Schema)["anyOf"] ?? []) as Schema[]).find((s) => s["type"] === "string");
    if (text && typeof text["maxLength"] === "number" && !("format" in text) && !("pattern" in text)) leadTextLimits[field] = text["maxLength"];
  }
  const categories = wordsOf(commandSchema, "$defs/category");
  return {
    categories: categories.values,
    categoryDescriptions: categories.descriptions,
    risks: wordsOf(commandSchema, "$defs/risk").values,
    permissions: wordsOf(commandSchema, "$defs/permission").values,
    visibilities: wordsOf(commandSchema, "$defs/visibility").values,
    approvalStatuses: wordsOf(approval, "properties/status").values,
    leadTextLimits,
  };
}

function loadExamples(specDir: string, id: string, problems: string[]): SpecExample[] {
  const dir = join(specDir, "examples", id);
  if (!existsSync(dir)) {
    problems.push(`spec/examples/${id}/ is missing: every command needs a success and a failure example`);
    return [];
  }
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const raw = readJson(join(dir, f)) as { [key: string]: Json };
      const expect = raw["expect"] as SpecExample["expect"] | undefined;
      if (typeof raw["title"] !== "string" || !expect || typeof expect.ok !== "boolean" || typeof expect.status !== "number") {
        problems.push(`spec/examples/${id}/${f}: needs title, input and expect {ok, status}`);
      }
      return {
        name: f.replace(/\.json$/, ""),
        title: raw["title"] as string,
        setup: (raw["setup"] ?? []) as never,
        input: raw["input"] ?? {},
        expect: expect as SpecExample["expect"],
      };
    });
  if (!examples.some((e) => e.expect?.ok) || !examples.some((e) => e.expect && !e.expect.ok)) {
    problems.push(`spec/examples/${id}/ needs at least one success and one failure example`);
  }
  return examples;
}

function loadErrors(specDir: string, problems: string[]): SpecErrorEntry[] {
  const raw = readJson(join(specDir, "errors.json")) as unknown as { errors: SpecErrorEntry[] };
  const seen = new Set<string>();
  for (const e of raw.errors) {
    if (!ERROR_CODE.test(e.code)) problems.push(`spec/errors.json: code ${e.code} must be snake_case`);
    if (seen.has(e.code)) problems.push(`spec/errors.json: code ${e.code} appears twice`);
    seen.add(e.code);
    if (!Number.isInteger(e.http_status) || e.http_status < 400 || e.http_status > 599)
      problems.push(`spec/errors.json: ${e.code} http_status must be 4xx or 5xx`);
    if (!Number.isInteger(e.exit_code) || e.exit_code < 1 || e.exit_code > 125) problems.push(`spec/errors.json: ${e.code} exit_code must be 1-125`);
    if (typeof e.retryable !== "boolean" || !e.message || !e.hint) problems.push(`spec/errors.json: ${e.code} needs retryable, message and hint`);
    if (typeof e.hints?.cli !== "string" || typeof e.hints?.mcp !== "string" || Object.keys(e.hints).length !== 2) {
      problems.push(`spec/errors.json: ${e.code} needs hints {cli, mcp}: the hint worded with CLI verbs and flags, and with MCP tools and arguments`);
    }
  }
  for (const required of ["invalid_input", "unknown_command", "not_found", "internal_error", "unauthenticated", "forbidden"]) {
    if (!seen.has(required)) problems.push(`spec/errors.json: the runtime needs the code ${required}`);
  }
  return raw.errors;
}

export function loadSpec(specDir: string): Spec {
  const problems: string[] = [];
  const ctx = createBundleContext();
  const commandDir = join(specDir, "commands");
  const commandSchema = readJson(join(specDir, "command.schema.json")) as Schema;
  const validateCommandFile = createAjv({ standalone: false }).compile(commandSchema);
  const text = loadTextRule(specDir);
  const commands: SpecCommand[] = readdirSync(commandDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = join(commandDir, f);
      const raw = readJson(file) as { [key: string]: Json };
      checkDescriptor(raw, `spec/commands/${f}`, validateCommandFile, problems);
      const schema = (key: string): Json => (raw[key] === null || raw[key] === undefined ? null : bundle(ctx, raw[key] as Json, file));
      const id = raw["command_id"] as string;
      const profiles = (raw["response_profiles"] ?? { compact: { trim: [] } }) as SpecCommand["response_profiles"];
      return {
        ...(raw as unknown as SpecCommand),
        input_schema: applyTextRule(schema("input_schema"), text.pattern),
        output_schema: schema("output_schema"),
        approval_output_schema: schema("approval_output_schema"),
        response_profiles: profiles,
        examples: loadExamples(specDir, id, problems),
      };
    });
  const ids = new Set(commands.map((c) => c.command_id));
  for (const c of commands) {
    for (const related of c.related_commands) {
      if (!ids.has(related)) problems.push(`spec/commands/${c.command_id}.json: related command ${related} does not exist`);
    }
    for (const ex of c.examples) {
      for (const step of ex.setup) {
        if (!ids.has(step.command)) problems.push(`spec/examples/${c.command_id}/${ex.name}.json: setup command ${step.command} does not exist`);
      }
    }
  }
  const errors = loadErrors(specDir, problems);
  const openapi = parseYaml(readFileSync(join(specDir, "openapi.yaml"), "utf8")) as { [key: string]: Json };
  if (problems.length > 0) fail(problems);
  return { commands, vocabulary: { ...loadVocabulary(specDir, commandSchema), text }, errors, openapi };
}
