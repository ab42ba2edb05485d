// Input nesting is bounded before anything recursive (hashing, cloning, validation) touches it,
// so a hostile body cannot overflow the stack.
export const MAX_INPUT_DEPTH = 64;

/** The JSON-pointer path of the first value nested deeper than `max`, or null. Iterative on purpose. */
export function pathDeeperThan(value: unknown, max: number = MAX_INPUT_DEPTH): string | null {
  const stack: { node: unknown; depth: number; path: string }[] = [{ node: value, depth: 0, path: "" }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= max) return path || "/";
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries) stack.push({ node: child, depth: depth + 1, path: `${path}/${key}` });
  }
  return null;
}
