// Reads spec/, bundles each command's schemas and checks everything `pnpm gen:check` promises.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { bundle, createBundleContext, type Json } from "./bundle.js";
import {
  CATEGORIES, PERMISSIONS, RISKS,
  type Spec, type SpecCommand, type SpecErrorEntry, type SpecExample,
} from "./spec-model.js";

const COMMAND_ID = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
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

function checkDescriptor(raw: { [key: string]: Json }, file: string, problems: string[]): void {
  const id = raw["command_id"];
  if (typeof id !== "string" || !COMMAND_ID.test(id)) problems.push(`${file}: command_id must look like noun.verb`);
  else if (`${id}.json` !== file.split("/").pop()) problems.push(`${file}: file name must be ${id}.json`);
  for (const key of ["title", "summary", "description", "when_to_use"]) {
    if (typeof raw[key] !== "string" || raw[key] === "") problems.push(`${file}: ${key} must be a non-empty string`);
  }
  if (raw["visibility"] !== "public") problems.push(`${file}: visibility must be "public"`);
  if (!RISKS.includes(raw["risk"] as never)) problems.push(`${file}: risk must be one of ${RISKS.join(", ")}`);
  if (!CATEGORIES.includes(raw["category"] as never)) problems.push(`${file}: category must be one of ${CATEGORIES.join(", ")}`);
  if (!PERMISSIONS.includes(raw["default_permission"] as never)) problems.push(`${file}: default_permission must be one of ${PERMISSIONS.join(", ")}`);
  for (const key of ["risk_notes", "output_notes", "related_commands", "related_resources"]) {
    const list = raw[key];
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) problems.push(`${file}: ${key} must be an array of strings`);
  }
  if (raw["risk"] === "approval" && (raw["approval_output_schema"] === null || raw["approval_output_schema"] === undefined)) {
    problems.push(`${file}: risk approval needs an approval_output_schema`);
  }
  if ("writes" in raw && (raw["writes"] !== false || raw["risk"] !== "mutate")) {
    problems.push(`${file}: writes may only be false, on a mutate command whose handler writes nothing in this runtime (it keeps the published risk)`);
  }
  if ("examples" in raw) problems.push(`${file}: examples live in spec/examples/<command_id>/, not in the command file`);
}

function loadExamples(specDir: string, id: string, problems: string[]): SpecExample[] {
  const dir = join(specDir, "examples", id);
  if (!existsSync(dir)) {
    problems.push(`spec/examples/${id}/ is missing: every command needs a success and a failure example`);
    return [];
  }
  const examples = readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => {
    const raw = readJson(join(dir, f)) as { [key: string]: Json };
    const expect = raw["expect"] as SpecExample["expect"] | undefined;
    if (typeof raw["title"] !== "string" || !expect || typeof expect.ok !== "boolean" || typeof expect.status !== "number") {
      problems.push(`spec/examples/${id}/${f}: needs title, input and expect {ok, status}`);
    }
    return { name: f.replace(/\.json$/, ""), title: raw["title"] as string, setup: (raw["setup"] ?? []) as never, input: raw["input"] ?? {}, expect: expect as SpecExample["expect"] };
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
    if (!Number.isInteger(e.http_status) || e.http_status < 400 || e.http_status > 599) problems.push(`spec/errors.json: ${e.code} http_status must be 4xx or 5xx`);
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
  const commands: SpecCommand[] = readdirSync(commandDir).filter((f) => f.endsWith(".json")).sort().map((f) => {
    const file = join(commandDir, f);
    const raw = readJson(file) as { [key: string]: Json };
    checkDescriptor(raw, `spec/commands/${f}`, problems);
    const schema = (key: string): Json => (raw[key] === null || raw[key] === undefined ? null : bundle(ctx, raw[key] as Json, file));
    const id = raw["command_id"] as string;
    const profiles = (raw["response_profiles"] ?? { compact: { trim: [] } }) as SpecCommand["response_profiles"];
    return {
      ...(raw as unknown as SpecCommand),
      input_schema: schema("input_schema"),
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
  return { commands, errors, openapi };
}
