import { describe, expect, it } from "vitest";
import { checkTarget, meantCommands } from "./policy.js";

describe("policy targets", () => {
  it("suggests first the command whose title says the mistyped verb: linkedin.draft.send → linkedin.draft.approve", () => {
    expect(meantCommands("linkedin.draft.send")[0]).toBe("linkedin.draft.approve");
    expect(() => checkTarget("linkedin.draft.send")).toThrow(/did you mean linkedin\.draft\.approve/);
  });

  it("still suggests close spellings", () => {
    expect(meantCommands("mision.create")).toContain("mission.create");
  });
});
