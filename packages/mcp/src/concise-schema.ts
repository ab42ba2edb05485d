// The input schema a model reads in tools/list, cut to what it needs to fill the arguments: types,
// enums, required fields, bounds on numbers, one sentence per field. What goes: the schema's own
// description (the tool description says it), nullable unions written as anyOf (a type list says
// the same), string length limits and patterns already told by the field's sentence, a URL's "http or
// https" that its format says, a range ("…, 0-100.") that minimum and maximum say, fields of one schema repeated one by one (listed once), and combined
// constraints at the root that several model APIs refuse (the root description then stays, as it
// states them), the contract's text rule on every string (no NUL, no unpaired surrogate), and
// "additionalProperties": false (an unknown field is refused by name all the same). The
// runtime validates every call against the full schema, and an error names the field, what it must
// be and the allowed values; the describe tool serves the full schema.
import { TEXT_PATTERN } from "@salestouch/contracts";

type Schema = Record<string, unknown>;

/** Keywords that only restrict strings or arrays further; the runtime still enforces them. */
const DROPPED = new Set(["maxLength", "maxItems", "$comment", "examples", "title", "$id", "$schema"]);
const ROOT_COMBINATORS = ["anyOf", "oneOf", "allOf", "not", "if", "then", "else"];

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The first sentence; "e.g." and "i.e." do not end one. */
function firstSentence(text: string): string {
  const match = /^(.+?(?<!\b(?:e\.g|i\.e|etc))\.)(\s|$)/.exec(text);
  return match ? match[1]! : text;
}

const FILLER = new Set(["a", "an", "one", "the", "of", "its", "current", "name", "number"]);

/**
 * A sentence that only restates the field name ("Phone number." for phone, "Mission id (mis_...)."
 * for mission_id: ids come from other tools' results) tells nothing.
 */
function restatesName(field: string, sentence: string): boolean {
  const nameWords = new Set(
    field
      .replace(/([a-z])([A-Z])/g, "$1_$2")
      .toLowerCase()
      .split("_")
      .flatMap((w) => [w, w.replace(/s$/, "")]),
  );
  const words = sentence
    .replace(/\([^)]*\)/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, " ")
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w));
  return words.every((w) => nameWords.has(w));
}

/** `anyOf: [{type: T, …}, {type: "null"}]` → `{type: [T, "null"], …}`: the same values. */
function mergeNullable(schema: Schema): Schema {
  const options = schema["anyOf"];
  if (!Array.isArray(options) || options.length !== 2) return schema;
  const nullIndex = options.findIndex((o) => isObject(o) && o["type"] === "null" && Object.keys(o).length === 1);
  const other = options[1 - nullIndex];
  if (nullIndex < 0 || !isObject(other) || typeof other["type"] !== "string" || "anyOf" in other) return schema;
  const { anyOf: _dropped, ...rest } = schema;
  return { ...other, ...rest, type: [other["type"], "null"] };
}

/**
 * `field` names the property the node describes (its sentence may restate it); `depth` counts
 * objects from the root: fields of nested objects keep their names and types but no sentence.
 */
function conciseNode(node: unknown, withDescription: boolean, field = "", depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => conciseNode(item, withDescription, field, depth));
  if (!isObject(node)) return node;
  const merged = mergeNullable(node);
  const out: Schema = {};
  for (const [key, value] of Object.entries(merged)) {
    // Extensions (x-upload-as) are for the CLI, which reads them from the registry; the media type of
    // a CSV text field is said by its sentence.
    if (DROPPED.has(key) || key.startsWith("x-") || key === "contentMediaType") continue;
    // The text rule (no NUL, no unpaired surrogate) is on every string; a model writes neither.
    if (isTextRule(key, value)) continue;
    if (key === "allOf" && Array.isArray(value)) {
      const rest = value.filter((part) => !(isObject(part) && Object.keys(part).length === 1 && part["pattern"] === TEXT_PATTERN));
      if (rest.length > 0) out[key] = conciseNode(rest, withDescription, field, depth);
      continue;
    }
    if (key === "pattern" && typeof merged["description"] === "string") continue;
    if (key === "pattern" && value === "\\S") continue;
    if (key === "minLength" && value === 1) continue;
    if (key === "description") {
      const sentence =
        typeof value === "string"
          ? withoutBounds(withoutFormat(withoutEnumList(firstSentence(value), merged["enum"]), merged["format"]), merged)
          : "";
      if (withDescription && sentence && !restatesName(field, sentence)) out[key] = sentence;
      continue;
    }
    if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, conciseNode(child, depth === 0, name, depth + 1)]));
      continue;
    }
    out[key] = conciseNode(value, withDescription, field, depth);
  }
  if (Array.isArray(out["required"]) && (out["required"] as unknown[]).length === 0) delete out["required"];
  const shaped = depth > 0 ? sameTypedFields(out) : out;
  // On every object of every tool it cost about 1,250 characters of the list; the runtime refuses an
  // unknown field all the same, naming it in error.details.
  if (shaped["additionalProperties"] === false) delete shaped["additionalProperties"];
  return shaped;
}

/** "Landing page, an http or https URL." with format uri: the format says the second half. */
function withoutFormat(sentence: string, format: unknown): string {
  return format === "uri" ? sentence.replace(/,? an http or https URL\.$/, ".") : sentence;
}

/**
 * "How recent the data is, 0-100." with minimum 0 and maximum 100, "Page size, 1-100 (default 20)."
 * with default 20 too: the keywords say the range and the default.
 */
function withoutBounds(sentence: string, schema: Schema): string {
  const { minimum, maximum } = schema;
  if (typeof minimum !== "number" || typeof maximum !== "number") return sentence;
  const withDefault = `, ${minimum}-${maximum} (default ${String(schema["default"])}).`;
  return sentence.replace(withDefault, ".").replace(`, ${minimum}-${maximum}.`, ".");
}

function isTextRule(key: string, value: unknown): boolean {
  if (key === "pattern") return value === TEXT_PATTERN;
  return key === "propertyNames" && isObject(value) && Object.keys(value).length === 1 && value["pattern"] === TEXT_PATTERN;
}

/** "Where the leads come from: manual, csv, …" — the enum lists the values already. */
function withoutEnumList(sentence: string, values: unknown): string {
  if (!Array.isArray(values)) return sentence;
  const colon = sentence.indexOf(":");
  const listed = values.filter((v) => typeof v === "string" && sentence.includes(v)).length;
  if (listed < values.length / 2) return sentence;
  // "INVITATION: a note…; MESSAGE: …" describes the values one by one: nothing before the colon to keep.
  if (colon > 0 && values.includes(sentence.slice(0, colon))) return "";
  return colon > 0 ? `${sentence.slice(0, colon)}.` : "";
}

/**
 * An object whose optional fields mostly take the same bare schema (a column map: field → header;
 * a lead's text fields) says the same with the names once: propertyNames lists every field,
 * additionalProperties types the common ones, and properties keeps the others and the required ones.
 * Only below the root: a tool's own arguments stay listed one by one.
 */
function sameTypedFields(node: Schema): Schema {
  const properties = node["properties"];
  if (!isObject(properties) || node["additionalProperties"] !== false) return node;
  const required = new Set(Array.isArray(node["required"]) ? (node["required"] as unknown[]) : []);
  const counts = new Map<string, number>();
  for (const [name, child] of Object.entries(properties)) {
    if (required.has(name)) continue;
    const key = JSON.stringify(child);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [common, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  if (count < 6) return node;
  const kept = Object.entries(properties).filter(([name, child]) => required.has(name) || JSON.stringify(child) !== common);
  const { properties: _p, additionalProperties: _a, ...rest } = node;
  return {
    ...rest,
    ...(kept.length > 0 ? { properties: Object.fromEntries(kept) } : {}),
    propertyNames: { enum: Object.keys(properties) },
    additionalProperties: JSON.parse(common) as unknown,
  };
}

/** The concise form of a command's input schema (its root is an object). */
export function conciseSchema(schema: Record<string, unknown>): Schema {
  const combined = ROOT_COMBINATORS.some((k) => k in schema);
  const root: Schema = {};
  for (const [key, value] of Object.entries(schema)) if (!ROOT_COMBINATORS.includes(key)) root[key] = value;
  return conciseNode(root, combined) as Schema;
}
