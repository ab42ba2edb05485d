import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalSha256, commandHash, commandHashPaced } from "./canonical.js";
import { sha256Text, TEXT_SLICE, type Pace } from "./pace.js";

describe("canonicalJson", () => {
  it.each([
    ["sorts keys at every depth", { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}'],
    ["drops undefined members", { a: undefined, b: 1 }, '{"b":1}'],
    ["keeps unicode as JSON.stringify does", { name: "Zoë 🚀" }, '{"name":"Zoë 🚀"}'],
    ["handles scalars", 3, "3"],
  ])("%s", (_name, given, want) => {
    expect(canonicalJson(given)).toBe(want);
  });
});

describe("commandHash", () => {
  it("is the same for the same input whatever the key order", () => {
    expect(commandHash("mission.create", { name: "a", description: "b" })).toBe(commandHash("mission.create", { description: "b", name: "a" }));
  });

  it("differs between commands and inputs", () => {
    expect(commandHash("mission.create", { name: "a" })).not.toBe(commandHash("mission.update", { name: "a" }));
    expect(commandHash("mission.create", { name: "a" })).not.toBe(commandHash("mission.create", { name: "b" }));
  });

  it("is sha256 hex", () => {
    expect(commandHash("x.y", {})).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** A pace that counts how often work offered the loop a turn, and never waits. */
function countingPace(): { pace: Pace; turns: () => number } {
  let turns = 0;
  return {
    pace: async () => {
      turns++;
    },
    turns: () => turns,
  };
}

/** A long text whose slice boundaries fall inside surrogate pairs, with a lone surrogate and characters JSON escapes. */
function awkwardText(length: number): string {
  const pieces: string[] = [];
  for (let size = 0; size < length; size += 7) pieces.push(size % 3 === 0 ? 'a"\\\n🚀' : "b\ud800c\t🚀");
  return pieces.join("");
}

describe("hashing a large input in pieces (docs/decisions/0012)", () => {
  const inputs: [string, unknown][] = [
    ["a small object", { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined, list: [undefined, "x"] }],
    ["a CSV of megabytes with surrogate pairs across slices", { mission_id: "mis_1", csv: awkwardText(3 * TEXT_SLICE + 5) }],
    ["many small values", { leads: Array.from({ length: 5000 }, (_, i) => ({ email: `p${i}@example.com`, first_name: "Zoë", n: i })) }],
    ["a lone surrogate at a slice's edge", { csv: `${"x".repeat(TEXT_SLICE - 1)}\ud83d${"y".repeat(TEXT_SLICE)}` }],
    ["a pair split by a slice's edge", { csv: `${"x".repeat(TEXT_SLICE - 1)}🚀${"y".repeat(10)}` }],
  ];

  it.each(inputs)("gives the digest commandHash gives for %s", async (_name, input) => {
    expect(await commandHashPaced("import.csv", input, countingPace().pace)).toBe(commandHash("import.csv", input));
    const whole = createHash("sha256").update(canonicalJson(input)).digest("hex");
    expect(await canonicalSha256(input, countingPace().pace)).toBe(whole);
  });

  it("offers the loop a turn every slice of a long string and every few hundred values", async () => {
    const text = countingPace();
    await commandHashPaced("import.csv", { csv: "z".repeat(10 * TEXT_SLICE) }, text.pace);
    expect(text.turns()).toBeGreaterThanOrEqual(10);
    const values = countingPace();
    await commandHashPaced("import.leads", { leads: Array.from({ length: 5000 }, (_, i) => ({ email: `p${i}@example.com` })) }, values.pace);
    expect(values.turns()).toBeGreaterThanOrEqual(10);
  });

  it("hashes text in slices to the digest of the whole, one turn offered per slice", async () => {
    const turns = countingPace();
    const text = awkwardText(4 * TEXT_SLICE);
    expect(await sha256Text(text, turns.pace)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    expect(turns.turns()).toBeGreaterThanOrEqual(4);
  });
});
