// Ajv validates an input in one call. For a long list — import.leads takes up to 10,000 leads —
// that call held the event loop for 20–65 ms (5,000 leads, on a loaded machine), and more as the
// body limit allows. A top-level list whose schema judges each item on its own (items, and a
// length within minItems/maxItems) is therefore validated a thousand items at a time, with a
// turn of the loop between (docs/decisions/0012): each piece is the input with its list cut to
// those items, checked by the same generated validator, whose item errors are renumbered to the
// whole list. Anything else is one call, as before.
import type { CommandDefinition, ValidationError } from "@salestouch/contracts";
import type { Pace } from "./pace.js";

/** Items validated in one call. */
const PIECE = 1000;

/** Keywords of a list schema that judge items one by one (or the length, checked before cutting). */
const PER_ITEM = new Set(["type", "items", "minItems", "maxItems", "description", "title", "examples"]);

interface ListRule {
  name: string;
  min: number;
  max: number;
}

const LISTS = new WeakMap<CommandDefinition, readonly ListRule[]>();

function listsOf(definition: CommandDefinition): readonly ListRule[] {
  let lists = LISTS.get(definition);
  if (!lists) {
    const properties = ((definition.inputSchema as { properties?: Record<string, Record<string, unknown>> }).properties ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    lists = Object.entries(properties)
      .filter(([, schema]) => schema["type"] === "array" && typeof schema["items"] === "object" && Object.keys(schema).every((k) => PER_ITEM.has(k)))
      .map(([name, schema]) => ({
        name,
        min: typeof schema["minItems"] === "number" ? schema["minItems"] : 0,
        max: typeof schema["maxItems"] === "number" ? schema["maxItems"] : Number.POSITIVE_INFINITY,
      }));
    LISTS.set(definition, lists);
  }
  return lists;
}

/**
 * The validator's verdict on `input` (defaults filled in place, as the generated validator does):
 * null, or its errors. A value, not a promise, unless a long list is validated in pieces.
 */
export function validateInput(
  definition: CommandDefinition,
  input: unknown,
  pace: Pace,
): ValidationError[] | null | Promise<ValidationError[] | null> {
  const validate = definition.validateInput;
  const record = input !== null && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  const long = record
    ? listsOf(definition).find((rule) => {
        const list = record[rule.name];
        return Array.isArray(list) && list.length > PIECE && rule.min <= PIECE && list.length >= rule.min && list.length <= rule.max;
      })
    : undefined;
  if (!record || !long) return validate(input) ? null : [...(validate.errors ?? [])];
  return inPieces(definition, record, long, pace);
}

async function inPieces(
  definition: CommandDefinition,
  record: Record<string, unknown>,
  long: ListRule,
  pace: Pace,
): Promise<ValidationError[] | null> {
  const validate = definition.validateInput;
  const list = record[long.name] as unknown[];
  const prefix = `/${long.name.replace(/~/g, "~0").replace(/\//g, "~1")}/`;
  const errors: ValidationError[] = [];
  for (let from = 0; from < list.length; from += PIECE) {
    await pace();
    const piece: Record<string, unknown> = { ...record, [long.name]: list.slice(from, from + PIECE) };
    const valid = validate(piece);
    if (from === 0) {
      // Defaults the validator filled into the other fields reach the input (the list's items are the input's own objects).
      for (const key of Object.keys(piece)) if (!Object.hasOwn(record, key)) record[key] = piece[key];
    }
    if (valid) continue;
    for (const error of validate.errors ?? []) {
      if (error.instancePath.startsWith(prefix)) {
        const rest = error.instancePath.slice(prefix.length);
        const end = rest.indexOf("/");
        const index = Number(end < 0 ? rest : rest.slice(0, end)) + from;
        errors.push({ ...error, instancePath: `${prefix}${index}${end < 0 ? "" : rest.slice(end)}` });
      } else if (from === 0) errors.push(error);
    }
  }
  return errors.length === 0 ? null : errors;
}
