// Mutations of a valid command input, as raw JSON text so keys like __proto__ survive.
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Mutation {
  kind: string;
  /** The request body's `input`, as JSON text. */
  inputJson: string;
}

const wrongValue = fc.constantFrom<Json>(42, -1.5, true, null, [], {}, "x", ["a"], { nested: { deep: 1 } });
const unicode = fc.constantFrom("\u0000", "\ud800", "e\u0301", "🚀".repeat(50), "\u202e\u202d", "\uffff", "𝕏𝕐ℤ", "\t\r\n");

/** Adds a member as raw JSON text, since an object literal cannot hold an own `__proto__` key. */
function withRawKey(objectJson: string, member: string): string {
  return objectJson === "{}" ? `{${member}}` : objectJson.replace(/^\{/, `{${member},`);
}

function deep(depth: number): Json {
  let node: Json = "leaf";
  for (let i = 0; i < depth; i++) node = { d: node };
  return node;
}

/** An arbitrary mutation of `valid`, which must be a JSON object. */
export function mutationOf(valid: Record<string, Json>, required: readonly string[]): fc.Arbitrary<Mutation> {
  const keys = Object.keys(valid);
  const text = (value: unknown): string => JSON.stringify(value);
  const options: fc.Arbitrary<Mutation>[] = [
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 20 }), wrongValue)
      .map(([key, value]) => ({ kind: "extra field", inputJson: text({ ...valid, [`x_${key}`]: value }) })),
    fc.constant({ kind: "__proto__ key", inputJson: withRawKey(text(valid), '"__proto__":{"polluted":true}') }),
    fc.constant({ kind: "constructor key", inputJson: text({ ...valid, constructor: { prototype: { polluted: true } } }) }),
    fc.constant({ kind: "deep nesting", inputJson: text({ ...valid, nested: deep(300) }) }),
    fc.constantFrom<Json>(42, "string", [], null, true).map((value) => ({ kind: "not an object", inputJson: text(value) })),
  ];
  if (keys.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...keys), wrongValue).map(([key, value]) => ({ kind: "wrong type", inputJson: text({ ...valid, [key]: value }) })),
      fc
        .tuple(fc.constantFrom(...keys), fc.integer({ min: 5_000, max: 200_000 }))
        .map(([key, n]) => ({ kind: "huge string", inputJson: text({ ...valid, [key]: "y".repeat(n) }) })),
      fc.tuple(fc.constantFrom(...keys), unicode).map(([key, value]) => ({ kind: "unicode edge", inputJson: text({ ...valid, [key]: value }) })),
    );
  }
  const present = required.filter((key) => key in valid);
  if (present.length > 0) {
    options.push(
      fc.constantFrom(...present).map((key) => {
        const copy = { ...valid };
        delete copy[key];
        return { kind: "missing required field", inputJson: text(copy) };
      }),
    );
  }
  return fc.oneof(...options);
}
