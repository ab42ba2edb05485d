import { type CommandDefinition, findCommand } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import type { Pace } from "./pace.js";
import { validateInput } from "./validate-input.js";

const importLeads = findCommand("import.leads").definition as CommandDefinition;

function counting(): { pace: Pace; turns: () => number } {
  let turns = 0;
  return {
    pace: async () => {
      turns++;
    },
    turns: () => turns,
  };
}

const leads = (count: number): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, i) => ({ email: `p${i}@example.com`, first_name: "Zoë", company: "Acme" }));

/** What the generated validator says of the whole input in one call, and the input as it leaves it. */
function whole(input: Record<string, unknown>): { errors: { path: string; keyword: string }[]; input: unknown } {
  const copy = structuredClone(input);
  const valid = importLeads.validateInput(copy);
  const errors = valid ? [] : (importLeads.validateInput.errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword }));
  return { errors, input: copy };
}

const sorted = (errors: { path: string; keyword: string }[]) =>
  [...errors].sort((a, b) => `${a.path} ${a.keyword}`.localeCompare(`${b.path} ${b.keyword}`));

describe("validating a long list in pieces (docs/decisions/0012)", () => {
  it("finds what one call finds, renumbered to the whole list, and fills the same defaults", async () => {
    const list = leads(3500);
    list[1700] = { email: "not an email", first_name: 7 };
    list[3499] = { company: "x".repeat(5000) };
    const inputs: Record<string, unknown>[] = [
      { mission_id: "mis_1", name: "Valid", leads: leads(2500) },
      { mission_id: "mis_1", name: "Some rows wrong", leads: list },
      { name: "", leads: list, unknown_field: true },
    ];
    for (const input of inputs) {
      const expected = whole(input);
      const copy = structuredClone(input);
      const errors = await validateInput(importLeads, copy, counting().pace);
      expect(sorted((errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword }))), String(input["name"])).toEqual(
        sorted(expected.errors),
      );
      expect(copy).toEqual(expected.input);
    }
  });

  it("gives the loop a turn between pieces of a thousand items", async () => {
    const turns = counting();
    expect(await validateInput(importLeads, { mission_id: "mis_1", name: "Big", leads: leads(5000) }, turns.pace)).toBeNull();
    expect(turns.turns()).toBeGreaterThanOrEqual(5);
  });

  it("validates in one call a list the schema refuses as a whole (too long)", async () => {
    const turns = counting();
    const errors = await validateInput(importLeads, { mission_id: "mis_1", name: "Too many", leads: leads(10_001) }, turns.pace);
    expect(errors?.some((e) => e.instancePath === "/leads" && e.keyword === "maxItems")).toBe(true);
    expect(turns.turns()).toBe(0);
  });
});
