// The contract's text rule (spec/schemas/text.json) stated on every command input: each string
// gets its pattern, each object that accepts any key gets it as propertyNames. Applied when the
// spec is loaded, so the registry's validators, the OpenAPI document, the typed client and
// `pnpm spec:diff` all see the rule the runtime enforces (runtime text.ts), written once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "./bundle.js";

type Schema = { [key: string]: Json };

function isObject(value: Json | undefined): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The rule of spec/schemas/text.json: its pattern and what it means. */
export function loadTextRule(specDir: string): { pattern: string; description: string } {
  const schema = JSON.parse(readFileSync(join(specDir, "schemas", "text.json"), "utf8")) as Schema;
  const { pattern, description } = schema;
  if (typeof pattern !== "string" || typeof description !== "string")
    throw new Error("spec/schemas/text.json needs a string pattern and a description");
  return { pattern, description };
}

const hasType = (node: Schema, type: string): boolean =>
  node["type"] === type || (Array.isArray(node["type"]) && (node["type"] as Json[]).includes(type));

/**
 * A pattern of the field's own that spans the whole value (`^…$`) and only admits characters it
 * names (letters, digits, ASCII punctuation: an id's or a token's shape) already keeps NUL and
 * surrogates out; any other (a prefix, `.`, `\S`, a negated class, an escape) gets the text rule beside it.
 */
function admitsOnlyNamedCharacters(pattern: string): boolean {
  return pattern.startsWith("^") && pattern.endsWith("$") && !/(?<!\\)\.|\\[SWDPpuxc0]|\[\^/.test(pattern);
}

const CHILD_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];
const CHILD_NODES = ["items", "additionalProperties", "not", "if", "then", "else", "contains"];

export function applyTextRule(node: Json, pattern: string): Json {
  if (Array.isArray(node)) return node.map((item) => applyTextRule(item, pattern));
  if (!isObject(node)) return node;
  // CSV text is read cell by cell; the import leaves out a row holding such a cell.
  if (node["contentMediaType"] === "text/csv") return node;
  const out: Schema = { ...node };
  if (hasType(out, "string") && !("enum" in out) && !("const" in out)) {
    const own = out["pattern"];
    if (own === undefined) out["pattern"] = pattern;
    else if (own !== pattern && !(typeof own === "string" && admitsOnlyNamedCharacters(own)))
      out["allOf"] = [...((out["allOf"] as Json[] | undefined) ?? []), { pattern }];
  }
  if (hasType(out, "object") && out["additionalProperties"] !== false && !("propertyNames" in out)) out["propertyNames"] = { pattern };
  if (isObject(out["properties"])) {
    out["properties"] = Object.fromEntries(Object.entries(out["properties"]).map(([name, child]) => [name, applyTextRule(child, pattern)]));
  }
  for (const key of CHILD_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as Json[]).map((child) => applyTextRule(child, pattern));
  for (const key of CHILD_NODES) if (isObject(out[key])) out[key] = applyTextRule(out[key], pattern);
  return out;
}
