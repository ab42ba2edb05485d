// Reads spec/prompts/*.json: the workflows an MCP host offers as ready-made actions (prompts/list,
// prompts/get). Each names the commands it chains; its text refers to them as {{tool <command_id>}}
// (worded per server: tool names) and to its arguments as {{<argument>}}.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "./bundle.js";
import { InvalidSpecError } from "./load-spec.js";
import type { Spec } from "./spec-model.js";

export interface SpecPrompt {
  name: string;
  title: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
  /** Every command the text names; a server lists the prompt only when it exposes all of them. */
  commands: string[];
  text: string;
}

const NAME = /^[a-z][a-z0-9_]*$/;
const KEYS = ["name", "title", "description", "arguments", "commands", "text"];
const TOKEN = /\{\{(tool )?([a-z0-9_.]+)\}\}/g;

function check(raw: { [key: string]: Json }, file: string, spec: Spec, problems: string[]): SpecPrompt {
  const where = `spec/prompts/${file}`;
  const unknown = Object.keys(raw).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.join(", ")}`);
  if (typeof raw["name"] !== "string" || !NAME.test(raw["name"])) problems.push(`${where}: name must be snake_case`);
  else if (`${raw["name"].replace(/_/g, "-")}.json` !== file) problems.push(`${where}: file name must be ${raw["name"].replace(/_/g, "-")}.json`);
  for (const key of ["title", "description", "text"])
    if (typeof raw[key] !== "string" || raw[key] === "") problems.push(`${where}: ${key} must be a non-empty string`);
  const args = Array.isArray(raw["arguments"]) ? (raw["arguments"] as { [key: string]: Json }[]) : [];
  if (!Array.isArray(raw["arguments"])) problems.push(`${where}: arguments must be an array`);
  for (const [i, arg] of args.entries()) {
    if (typeof arg["name"] !== "string" || !NAME.test(arg["name"])) problems.push(`${where}: arguments[${i}].name must be snake_case`);
    if (typeof arg["description"] !== "string" || arg["description"] === "")
      problems.push(`${where}: arguments[${i}].description must be a non-empty string`);
    if (typeof arg["required"] !== "boolean") problems.push(`${where}: arguments[${i}].required must be true or false`);
  }
  const commands = Array.isArray(raw["commands"]) ? (raw["commands"] as string[]) : [];
  const ids = new Set(spec.commands.map((c) => c.command_id));
  for (const id of commands) if (!ids.has(id)) problems.push(`${where}: command ${id} does not exist in spec/commands/`);
  const text = typeof raw["text"] === "string" ? raw["text"] : "";
  const argNames = new Set(args.map((a) => a["name"] as string));
  const used = new Set<string>();
  for (const [, tool, name] of text.matchAll(TOKEN)) {
    if (tool && !commands.includes(name!)) problems.push(`${where}: the text names {{tool ${name}}}, which is not in its commands`);
    if (!tool && !argNames.has(name!)) problems.push(`${where}: the text uses {{${name}}}, which is not one of its arguments`);
    if (tool) used.add(name!);
  }
  for (const id of commands) if (!used.has(id)) problems.push(`${where}: command ${id} is listed but the text never names it ({{tool ${id}}})`);
  for (const name of argNames) if (!text.includes(`{{${name}}}`)) problems.push(`${where}: argument ${name} is never used in the text`);
  return raw as unknown as SpecPrompt;
}

export function loadPrompts(specDir: string, spec: Spec): SpecPrompt[] {
  const dir = join(specDir, "prompts");
  const problems: string[] = [];
  const prompts = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      let raw: Json;
      try {
        raw = JSON.parse(readFileSync(join(dir, file), "utf8")) as Json;
      } catch (error) {
        throw new InvalidSpecError(`spec is invalid:\n  - spec/prompts/${file}: ${(error as Error).message}`);
      }
      return check(raw as { [key: string]: Json }, file, spec, problems);
    });
  if (problems.length > 0) throw new InvalidSpecError(`spec is invalid:\n  - ${problems.join("\n  - ")}`);
  return prompts;
}

export function emitPrompts(prompts: readonly SpecPrompt[], generatedHeader: string): string {
  return [
    generatedHeader,
    `import type { PromptDefinition } from "../prompt.js";`,
    ``,
    `/** The workflows of spec/prompts/, by file name. */`,
    `export const prompts: readonly PromptDefinition[] = [`,
    ...prompts.map(
      (p) =>
        `  ${JSON.stringify({ name: p.name, title: p.title, description: p.description, arguments: p.arguments, commands: p.commands, text: p.text })},`,
    ),
    `];`,
    ``,
  ].join("\n");
}
