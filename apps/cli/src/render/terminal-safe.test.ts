import { describe, expect, it } from "vitest";
import { terminalSafe } from "./terminal-safe.js";

describe("terminalSafe", () => {
  it.each([
    ["\u001b[2J", "\\x1b[2J"],
    ["\u001b]0;title\u0007", "\\x1b]0;title\\x07"],
    ["\u001b]52;c;ZXZpbA==\u0007", "\\x1b]52;c;ZXZpbA==\\x07"],
    ["a\u001b[8mhidden\u001b[0m", "a\\x1b[8mhidden\\x1b[0m"],
    ["over\rwrite", "over\\x0dwrite"],
    ["\u009b31m", "\\x9b31m"],
    ["abc\u202edcba", "abc\\u202edcba"],
  ])("makes %j visible", (text, want) => {
    expect(terminalSafe(text)).toBe(want);
  });

  it("keeps ordinary text, accents, emoji, newlines and tabs", () => {
    expect(terminalSafe("Zoë Åström 👋\nline\tcell")).toBe("Zoë Åström 👋\nline\tcell");
  });
});
