import { describe, expect, it } from "vitest";
import { applyProfile } from "./profile.js";

describe("applyProfile", () => {
  it("leaves data alone in full", () => {
    const data = { mission: { imports: [1] } };
    expect(applyProfile(data, "full", ["mission.imports"])).toEqual([]);
    expect(data.mission.imports).toEqual([1]);
  });

  it("empties listed arrays, also inside lists, in compact", () => {
    const data = {
      missions: [
        { imports: [1], brief: { example_messages: ["a"] } },
        { imports: [2], brief: { example_messages: [] } },
      ],
    };
    const trimmed = applyProfile(data, "compact", ["missions[].imports", "missions[].brief.example_messages"]);
    expect(trimmed).toHaveLength(2);
    expect(data.missions.map((m) => m.imports)).toEqual([[], []]);
    expect(data.missions[0]?.brief.example_messages).toEqual([]);
  });

  it("ignores paths that are absent", () => {
    expect(() => applyProfile({ a: null }, "compact", ["a.b", "c"])).not.toThrow();
  });
});
