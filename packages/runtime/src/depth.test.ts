import { describe, expect, it } from "vitest";
import { commandHash } from "./canonical.js";
import { pathDeeperThan } from "./depth.js";

function nest(depth: number): unknown {
  let node: unknown = 1;
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}

describe("pathDeeperThan", () => {
  it("accepts values within the bound and names the first path beyond it", () => {
    expect(pathDeeperThan({ a: [1, { b: 2 }] }, 3)).toBeNull();
    expect(pathDeeperThan({ x: nest(5) }, 3)).toBe("/x/a/a");
  });

  it("walks a 200 000-level value without overflowing the stack", () => {
    expect(pathDeeperThan(nest(200_000))).toMatch(/^\/a\/a/);
  });
});

describe("commandHash on hostile input", () => {
  it("hashes a value too deep to canonicalise instead of throwing", () => {
    expect(commandHash("mission.create", nest(200_000))).toMatch(/^[0-9a-f]{64}$/);
  });
});
