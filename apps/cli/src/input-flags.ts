// Every command's input fields as flags, generated from its input schema: `--target-audience
// "CFOs"` sets target_audience. Strings take the value as written; numbers and booleans are parsed
// (`--send-now`, `--no-send-now`, `--send-now=false`); an array takes the flag repeated (one item
// each) or one JSON array; an object takes a JSON value; `null` clears a nullable field.
import { closestCommandIds, type CommandDefinition, type JsonSchema } from "@salestouch/contracts";
import { CliError } from "./cli-error.js";
import { describeType } from "./schema-words.js";

type Schema = JsonSchema & { type?: string | string[]; anyOf?: Schema[]; items?: Schema; properties?: Record<string, Schema>; required?: string[] };

export interface InputFlag {
  flag: string;
  field: string;
  schema: Schema;
  required: boolean;
}

function typesOf(schema: Schema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema["enum"])) return [...new Set((schema["enum"] as unknown[]).map((v) => (v === null ? "null" : typeof v)))];
  return ["string"];
}

export const flagOf = (field: string): string => `--${field.replace(/_/g, "-")}`;

export function inputFlags(definition: CommandDefinition): InputFlag[] {
  const input = definition.inputSchema as Schema;
  const required = new Set(input.required ?? []);
  return Object.entries(input.properties ?? {}).map(([field, schema]) => ({ flag: flagOf(field), field, schema, required: required.has(field) }));
}

function parseJson(text: string, flag: string, type: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError("invalid_input", `${flag} takes ${type} as JSON, and ${JSON.stringify(text)} does not parse`, {
      hint: `Quote the JSON for the shell, e.g. ${flag} '${type.startsWith("array") ? '["a", "b"]' : '{"key": "value"}'}', or pass the whole input with --input-json.`,
    });
  }
}

/** One flag value as the field's type reads it. */
function parseFlagValue(text: string, schema: Schema, flag: string): unknown {
  const types = typesOf(schema);
  if (text === "null" && types.includes("null")) return null;
  if (types.includes("string")) return text;
  if (types.includes("integer") || types.includes("number")) {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n))
      throw new CliError("invalid_input", `${flag} takes ${describeType(schema)}, not ${JSON.stringify(text)}`);
    return n;
  }
  if (types.includes("boolean")) {
    if (text === "true" || text === "false") return text === "true";
    throw new CliError("invalid_input", `${flag} takes true or false, not ${JSON.stringify(text)}`, {
      hint: `Write ${flag} alone for true, --no-${flag.slice(2)} for false.`,
    });
  }
  return parseJson(text, flag, describeType(schema));
}

function unknownFlag(token: string, definition: CommandDefinition, flags: InputFlag[]): CliError {
  const close = closestCommandIds(
    token.replace(/^--/, "").replace(/-/g, "_"),
    flags.map((f) => f.field),
  ).map(flagOf);
  return new CliError("invalid_input", `${definition.id} has no flag ${token}${close.length > 0 ? `; did you mean ${close.join(", ")}?` : ""}`, {
    hint: `Its flags: ${flags.map((f) => f.flag).join(" ") || "(none)"}; \`salestouch help ${definition.id}\` describes them, or pass the input as JSON with --input-json '{...}'.`,
  });
}

/** The input the field flags among `tokens` spell; throws for a flag the command does not have. */
export function inputFromFlags(definition: CommandDefinition, tokens: readonly string[]): Record<string, unknown> {
  const flags = inputFlags(definition);
  const byFlag = new Map(flags.map((f) => [f.flag, f]));
  const input: Record<string, unknown> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith("--")) {
      throw new CliError("invalid_input", `unexpected argument ${JSON.stringify(token)}`, {
        hint: `Give field values as flags (\`salestouch help ${definition.id}\` lists them), or the input as --input-json '{...}'.`,
      });
    }
    const eq = token.indexOf("=");
    const name = eq > 0 ? token.slice(0, eq) : token;
    const negated = name.startsWith("--no-") && !byFlag.has(name) ? byFlag.get(`--${name.slice(5)}`) : undefined;
    const flag = negated ?? byFlag.get(name);
    if (!flag) throw unknownFlag(name, definition, flags);
    const types = typesOf(flag.schema);
    if (negated) {
      if (!types.includes("boolean")) throw unknownFlag(name, definition, flags);
      input[flag.field] = false;
      continue;
    }
    let text: string | undefined = eq > 0 ? token.slice(eq + 1) : undefined;
    if (text === undefined) {
      const next = tokens[i + 1];
      if (types.includes("boolean") && (next === undefined || next.startsWith("--") || (next !== "true" && next !== "false"))) {
        input[flag.field] = true;
        continue;
      }
      if (next === undefined) throw new CliError("invalid_input", `${flag.flag} needs a value (${describeType(flag.schema)})`);
      text = next;
      i++;
    }
    if (types.includes("array")) {
      const items = flag.schema.items ?? (flag.schema.anyOf ?? []).find((s) => s.items)?.items ?? {};
      if (text.trim().startsWith("[")) {
        input[flag.field] = [
          ...((input[flag.field] as unknown[] | undefined) ?? []),
          ...(parseJson(text, flag.flag, describeType(flag.schema)) as unknown[]),
        ];
      } else {
        const itemTypes = typesOf(items);
        const item = itemTypes.includes("object") ? parseJson(text, flag.flag, "an object") : parseFlagValue(text, items, flag.flag);
        input[flag.field] = [...((input[flag.field] as unknown[] | undefined) ?? []), item];
      }
      continue;
    }
    input[flag.field] = parseFlagValue(text, flag.schema, flag.flag);
  }
  return input;
}

/** Help lines: every flag with its type and whether it is required. */
export function flagHelpLines(definition: CommandDefinition): string[] {
  return inputFlags(definition).map((f) => {
    const types = typesOf(f.schema);
    const value = types.includes("boolean")
      ? ""
      : types.includes("array")
        ? " <value> (repeat, or a JSON array)"
        : types.includes("object")
          ? " <json>"
          : ` <${describeType(f.schema)}>`;
    return `  ${f.flag}${value}${f.required ? "  (required)" : ""}`;
  });
}
