// One check's outcome, and the helpers the checks use to fail or skip with a reason.
type Outcome = "passed" | "failed" | "skipped";

export interface CheckResult {
  group: string;
  name: string;
  outcome: Outcome;
  /** Why it failed or was skipped; what it saw when it passed (may be empty). */
  message: string;
  ms: number;
}

export class Failure extends Error {}
export class Skip extends Error {}

export function fail(message: string): never {
  throw new Failure(message);
}

export function skip(message: string): never {
  throw new Skip(message);
}

/** The JSON path of the first place where `actual` differs from `expected`, or null when they are equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ""): string | null {
  if (Object.is(expected, actual)) return null;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || "/"}: expected an array`;
    if (expected.length !== actual.length) return `${path || "/"}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(expected[i], actual[i], `${path}/${i}`);
      if (difference) return difference;
    }
    return null;
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return `${path || "/"}: expected an object`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      if (!(key in actual)) return `${path}/${key}: missing`;
      if (!(key in expected)) return `${path}/${key}: not in the spec`;
      const difference = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${path}/${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return `${path || "/"}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
