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

describe("id encoding", () => {
  it("encodes the time in the first ten characters, most significant first", () => {
    const ids = createIdGenerator(() => 0);
    expect(ids.next("x").slice(2, 12)).toBe("0000000000");
    const later = createIdGenerator(() => 2 ** 48 - 1);
    expect(later.next("x").slice(2, 12)).toBe("7ZZZZZZZZZ");
  });

  it("carries across digits when it counts up within one millisecond", () => {
    const ids = createIdGenerator(() => 5);
    const made = Array.from({ length: 2_000 }, () => ids.next("lead"));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(2_000);
  });
});
