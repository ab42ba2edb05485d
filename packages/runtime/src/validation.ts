// Turns Ajv errors into details[{path, message}] a person or an agent can act on.
import type { ErrorDetail, JsonSchema, ValidationError } from "@salestouch/contracts";

type Schema = { readonly [key: string]: unknown };

/** The schema of the value at a JSON pointer (through properties, items and nullable anyOf). */
function schemaAt(root: JsonSchema | undefined, pointer: string): Schema | undefined {
  let node: Schema | undefined = root;
  for (const raw of pointer.split("/").slice(1)) {
    if (!node) return undefined;
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const branches = Array.isArray(node["anyOf"]) ? (node["anyOf"] as Schema[]) : [node];
    const next: Schema | undefined = branches
      .map((b) => {
        const props = b["properties"] as Record<string, Schema> | undefined;
        if (props && Object.hasOwn(props, part)) return props[part];
        if (/^\d+$/.test(part) && b["items"] && typeof b["items"] === "object") return b["items"] as Schema;
        return undefined;
      })
      .find((b) => b !== undefined);
    node = next;
  }
  return node;
}

/** "string", "one of New, Contacted", "array of object", "string or null" — what a field takes. */
function describeType(schema: Schema | undefined): string {
  if (!schema) return "a value";
  if (Array.isArray(schema["enum"])) return `one of ${(schema["enum"] as unknown[]).map(String).join(", ")}`;
  if ("const" in schema) return JSON.stringify(schema["const"]);
  if (Array.isArray(schema["anyOf"])) return (schema["anyOf"] as Schema[]).map(describeType).join(" or ");
  const type = schema["type"];
  const name = Array.isArray(type) ? type.join(" or ") : typeof type === "string" ? type : "a value";
  if (name === "array" && schema["items"] && typeof schema["items"] === "object") return `array of ${describeType(schema["items"] as Schema)}`;
  return name;
}

function detailOf(error: ValidationError, schema: JsonSchema | undefined): ErrorDetail {
  const params = error.params;
  switch (error.keyword) {
    case "required": {
      const path = `${error.instancePath}/${String(params["missingProperty"])}`;
      return { path, message: `is required (${describeType(schemaAt(schema, path))})` };
    }
    case "enum":
      return { path: error.instancePath || "/", message: `must be one of ${((params["allowedValues"] ?? []) as unknown[]).map(String).join(", ")}` };
    case "additionalProperties":
      return {
        path: `${error.instancePath}/${String(params["additionalProperty"])}`,
        message: "is not a field of this command; remove it (see the input schema)",
      };
    case "minProperties":
      return { path: error.instancePath || "/", message: "names nothing to change; send at least one field besides the id" };
    default:
      return { path: error.instancePath || "/", message: error.message ?? error.keyword };
  }
}

/** One detail per path; anyOf noise from nullable fields is dropped in favour of the real reason. */
export function validationDetails(errors: readonly ValidationError[] | null | undefined, schema?: JsonSchema): ErrorDetail[] {
  const useful = (errors ?? []).filter((e) => e.keyword !== "anyOf" && e.keyword !== "if");
  const byPath = new Map<string, ErrorDetail[]>();
  for (const error of useful) {
    const detail = detailOf(error, schema);
    const isNullBranch = error.keyword === "type" && error.params["type"] === "null";
    const list = byPath.get(detail.path) ?? [];
    if (!isNullBranch) list.push(detail);
    byPath.set(detail.path, list);
  }
  const out: ErrorDetail[] = [];
  for (const [path, list] of byPath) {
    if (list.length === 0) out.push({ path, message: "must not be null" });
    for (const detail of list) if (!out.some((d) => d.path === detail.path && d.message === detail.message)) out.push(detail);
  }
  return out;
}

export function describeDetails(details: readonly ErrorDetail[]): string {
  const first = details[0];
  if (!first) return "";
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? "s" : ""})` : "";
  return `${first.path} ${first.message}${more}`;
}
