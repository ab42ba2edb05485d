import { describe, expect, it } from "vitest";
import { pathDeeperThan } from "./depth.js";
import { inspectInput } from "./inspect.js";
import type { Pace } from "./pace.js";
import { findUnstorableText } from "./text.js";

const nest = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** A pace that counts the turns the walk offered and never waits. */
function counting(): { pace: Pace; turns: () => number } {
  let turns = 0;
  return {
    pace: async () => {
      turns++;
    },
    turns: () => turns,
  };
}

const CSV = new Set(["/csv"]);

describe("inspectInput: one paced walk instead of the depth check, the text check and a structured clone", () => {
  const inputs: [string, unknown][] = [
    ["a plain input", { name: "Acme", tags: ["a", "b"], nested: { deep: [1, { x: null, y: true }] } }],
    ["too deep", { ok: [1, 2], x: nest(70), later: "\u0000" }],
    ["a NUL in a list", { leads: [{ email: "a@example.com" }, { email: "b\u0000@example.com" }, { note: "\ud800" }] }],
    ["an unpaired surrogate in a field name", { metadata: { "k\udc00ey": "v" } }],
    ["CSV text, left to its import", { csv: "a,b\n\u0000,\ud800", name: "\ud83d" }],
    ["a scalar", "\u0000"],
    ["nothing", null],
  ];

  it.each(inputs)("reports what the separate checks report for %s", async (_name, input) => {
    const inspected = await inspectInput(input, CSV, counting().pace);
    expect(inspected.deep).toBe(pathDeeperThan(input));
    if (inspected.deep === null) expect(inspected.unstorable).toEqual(findUnstorableText(input, CSV));
  });

  it("copies objects and arrays in their order, shares strings, and keeps an own __proto__ a member", async () => {
    const input = JSON.parse('{"z":1,"a":{"y":[3,{"q":"text"}],"b":"x"},"__proto__":{"polluted":true},"m":"y"}') as Record<string, unknown>;
    const { copy } = (await inspectInput(input, CSV, counting().pace)) as { copy: Record<string, unknown> };
    expect(copy).toEqual(input);
    expect(Object.keys(copy)).toEqual(["z", "a", "__proto__", "m"]);
    expect(Object.keys(copy["a"] as object)).toEqual(["y", "b"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(copy["a"]).not.toBe(input["a"]);
    (copy["a"] as { b: string }).b = "changed";
    expect((input["a"] as { b: string }).b).toBe("x");
  });

  it("offers the loop a turn every few hundred values, so a body of thousands of leads is walked in slices", async () => {
    const leads = Array.from({ length: 10_000 }, (_, i) => ({ email: `p${i}@example.com`, first_name: "Zoë", company: "Acme" }));
    const turns = counting();
    const inspected = await inspectInput({ mission_id: "mis_1", leads }, CSV, turns.pace);
    expect(inspected).toMatchObject({ deep: null, unstorable: null });
    expect(turns.turns()).toBeGreaterThanOrEqual(50);
  });
});
