// Runs the examples of spec/examples/ through any surface: setup steps, {{placeholders}}, and a
// subset match of the expected envelope. Used by our tests, the test server's seed data and the
// conformance kit, so it imports nothing at run time (a bundle takes this file alone).
import type { CommandExample } from "./definition.js";
import type { Envelope } from "./envelope.js";

export type RunCommand = (commandId: string, input: unknown) => Promise<Envelope>;

const PLACEHOLDER = /^\{\{([a-z_]+)\.([a-z_.]+)\}\}$/;

function pick(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}

/** Replaces every "{{step.path}}" string with the value at `path` in that setup step's data. */
export function resolvePlaceholders(value: unknown, steps: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const match = PLACEHOLDER.exec(value);
    if (!match) return value;
    const resolved = pick(steps[match[1]!], match[2]!);
    if (resolved === undefined) throw new Error(`placeholder ${value} resolves to nothing`);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, steps));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, steps)]));
  }
  return value;
}

/** Every key of `expected` is in `actual` with a matching value; arrays must have the same length. */
export function subsetMismatch(expected: unknown, actual: unknown, path = ""): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || "/"}: expected an array`;
    if (actual.length !== expected.length) return `${path || "/"}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const problem = subsetMismatch(expected[i], actual[i], `${path}/${i}`);
      if (problem) return problem;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return `${path || "/"}: expected an object`;
    for (const [key, value] of Object.entries(expected)) {
      const problem = subsetMismatch(value, (actual as Record<string, unknown>)[key], `${path}/${key}`);
      if (problem) return problem;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${path || "/"}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

export interface ExampleRun {
  envelope: Envelope;
  input: unknown;
  expected: CommandExample["expect"];
}

export async function runExample(commandId: string, example: CommandExample, run: RunCommand): Promise<ExampleRun> {
  const steps: Record<string, unknown> = {};
  for (const step of example.setup) {
    const result = await run(step.command, resolvePlaceholders(step.input, steps));
    if (!result.ok) throw new Error(`setup ${step.command} failed: ${result.error.code} ${result.error.message}`);
    steps[step.as] = result.data;
  }
  const input = resolvePlaceholders(example.input, steps);
  const envelope = await run(commandId, input);
  return { envelope, input, expected: resolvePlaceholders(example.expect, steps) as CommandExample["expect"] };
}
