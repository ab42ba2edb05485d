// Reads spec/resources.json: the read-only resources served by MCP and GET /api/v1/resources, each
// backed by a read command (with a fixed input) or by a builtin such as the command catalog.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createAjv } from "./ajv.js";
import type { Json } from "./bundle.js";
import { InvalidSpecError } from "./load-spec.js";
import type { Spec } from "./spec-model.js";

export const RESOURCE_BUILTINS = ["catalog"] as const;

export interface SpecResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: "application/json";
  /** The read command whose `data` is the resource, run with `input`. */
  command?: string;
  input?: Json;
  builtin?: (typeof RESOURCE_BUILTINS)[number];
}

const URI = /^salestouch:\/\/[a-z][a-z0-9_/-]*$/;
const NAME = /^[a-z][a-z0-9_-]*$/;
const FILE = "spec/resources.json";

function checkShape(raw: { [key: string]: Json }, where: string, problems: string[]): void {
  if (typeof raw["uri"] !== "string" || !URI.test(raw["uri"])) problems.push(`${where}: uri must look like salestouch://name`);
  if (typeof raw["name"] !== "string" || !NAME.test(raw["name"])) problems.push(`${where}: name must be lower-case letters, digits, _ or -`);
  for (const key of ["title", "description"]) {
    if (typeof raw[key] !== "string" || raw[key] === "") problems.push(`${where}: ${key} must be a non-empty string`);
  }
  if (raw["mimeType"] !== "application/json") problems.push(`${where}: mimeType must be "application/json"`);
  const hasCommand = "command" in raw;
  const hasBuiltin = "builtin" in raw;
  if (hasCommand === hasBuiltin)
    problems.push(`${where}: give exactly one of "command" (a read command) or "builtin" (${RESOURCE_BUILTINS.join(", ")})`);
  if (hasBuiltin && !RESOURCE_BUILTINS.includes(raw["builtin"] as never))
    problems.push(`${where}: builtin must be one of ${RESOURCE_BUILTINS.join(", ")}`);
  if (hasBuiltin && "input" in raw) problems.push(`${where}: a builtin resource takes no input`);
  const unknown = Object.keys(raw).filter((k) => !["uri", "name", "title", "description", "mimeType", "command", "input", "builtin"].includes(k));
  if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.join(", ")}`);
}

function checkCommand(resource: SpecResource, spec: Spec, where: string, problems: string[]): void {
  if (resource.command === undefined) return;
  const command = spec.commands.find((c) => c.command_id === resource.command);
  if (!command) {
    problems.push(`${where}: command ${resource.command} does not exist in spec/commands/`);
    return;
  }
  if (command.risk !== "read")
    problems.push(`${where}: resources are read-only, but ${resource.command} has risk ${command.risk}; back it with a read command`);
  const ajv = createAjv({ standalone: false });
  const validate = ajv.compile(structuredClone(command.input_schema) as object);
  if (!validate(structuredClone(resource.input ?? {})))
    problems.push(`${where}: input does not validate against ${resource.command}'s input schema: ${ajv.errorsText(validate.errors)}`);
}

export function loadResources(specDir: string, spec: Spec): SpecResource[] {
  let raw: Json;
  try {
    raw = JSON.parse(readFileSync(join(specDir, "resources.json"), "utf8")) as Json;
  } catch (error) {
    throw new InvalidSpecError(`spec is invalid:\n  - ${FILE}: ${(error as Error).message}`);
  }
  const list = (raw as { resources?: Json } | null)?.resources;
  if (!Array.isArray(list)) throw new InvalidSpecError(`spec is invalid:\n  - ${FILE}: must hold {"resources": [...]}`);
  const problems: string[] = [];
  const resources = list
    .map((item, index) => {
      const where = `${FILE} resources[${index}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        problems.push(`${where}: must be an object`);
        return null;
      }
      checkShape(item, where, problems);
      checkCommand(item as unknown as SpecResource, spec, where, problems);
      return item as unknown as SpecResource;
    })
    .filter((r): r is SpecResource => r !== null);
  for (const key of ["uri", "name"] as const) {
    const seen = new Set<string>();
    for (const r of resources) {
      if (seen.has(r[key])) problems.push(`${FILE}: ${key} ${r[key]} appears twice`);
      seen.add(r[key]);
    }
  }
  const uris = new Set(resources.map((r) => r.uri));
  for (const command of spec.commands) {
    for (const uri of command.related_resources) {
      if (!uris.has(uri))
        problems.push(`spec/commands/${command.command_id}.json: related resource ${uri} is not in ${FILE}; add it there or drop it`);
    }
  }
  if (problems.length > 0) throw new InvalidSpecError(`spec is invalid:\n  - ${problems.join("\n  - ")}`);
  return resources;
}
