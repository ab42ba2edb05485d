import { describe, expect, it } from "vitest";
import { createIdGenerator } from "./ids.js";

describe("createIdGenerator", () => {
  it("makes prefixed ids that sort in creation order, even within one millisecond", () => {
    const ids = createIdGenerator(() => 1_700_000_000_000);
    const made = Array.from({ length: 50 }, () => ids.next("mis"));
    expect(made.every((id) => /^mis_[0-9A-Z]{26}$/.test(id))).toBe(true);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(50);
  });

  it("sorts later milliseconds after earlier ones", () => {
    let now = 1_700_000_000_000;
    const ids = createIdGenerator(() => now);
    const first = ids.next("off");
    now += 1;
    expect(ids.next("off") > first).toBe(true);
  });
});
