// A field's type in a few words, for help texts and flag errors.
import type { JsonSchema } from "@salestouch/contracts";

export type Schema = JsonSchema & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
};

/** A schema's type in a few words: "string (uri) or null", "integer 1-100", "one of active|archived". */
export function describeType(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map(describeType).join(" or ");
  if (schema.enum) return `one of ${schema.enum.map((v) => (v === null ? "null" : String(v))).join("|")}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  if (type === "array") return `array of ${schema.items ? describeType(schema.items) : "any"}`;
  if (schema.format) return `${type} (${schema.format})`;
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${type} ${schema.minimum}-${schema.maximum}`;
  return type;
}
