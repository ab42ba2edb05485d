import { describe, expect, it } from "vitest";
import { colorsFor } from "./color.js";

const tty = { write: () => undefined, isTTY: true };
const pipe = { write: () => undefined, isTTY: false };

describe("colorsFor", () => {
  it("colours a terminal", () => {
    expect(colorsFor(tty, {}).red("x")).toBe("\x1b[31mx\x1b[39m");
  });

  it("never colours when NO_COLOR is set, even on a terminal", () => {
    expect(colorsFor(tty, { NO_COLOR: "1" }).red("x")).toBe("x");
  });

  it("ignores an empty NO_COLOR, as no-color.org says", () => {
    expect(colorsFor(tty, { NO_COLOR: "" }).red("x")).not.toBe("x");
  });

  it("never colours a pipe or a file", () => {
    expect(colorsFor(pipe, {}).red("x")).toBe("x");
  });
});
