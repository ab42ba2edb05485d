import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./args.js";

describe("parseCommandLine", () => {
  it.each([
    [[], { names: "underscore", include: undefined, category: undefined, readOnly: false }],
    [["--read-only"], { names: "underscore", include: undefined, category: undefined, readOnly: true }],
    [
      ["--tools", "mission.*, offer_get", "--dotted-names"],
      { names: "dotted", include: ["mission.*", "offer_get"], category: undefined, readOnly: false },
    ],
    [["--category", "offers"], { names: "underscore", include: undefined, category: "offers", readOnly: false }],
  ])("reads %j", (argv, tools) => {
    expect(parseCommandLine(argv)).toEqual({ kind: "serve", tools, schemas: "concise", dynamic: false, debug: false });
  });

  it("reads --schemas and --dynamic, and refuses an unknown schema mode", () => {
    expect(parseCommandLine(["--schemas", "full", "--dynamic"])).toMatchObject({ schemas: "full", dynamic: true });
    expect(() => parseCommandLine(["--schemas", "huge"])).toThrow(/concise or full/);
  });

  it("reads --debug", () => {
    expect(parseCommandLine(["--debug", "--read-only"])).toMatchObject({ kind: "serve", tools: { readOnly: true }, debug: true });
  });

  it("answers --help and --version", () => {
    expect(parseCommandLine(["--help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
  });

  it("rejects an unknown option", () => {
    expect(() => parseCommandLine(["--write-everything"])).toThrow(/--write-everything/);
  });

  it("rejects an empty --tools list", () => {
    expect(() => parseCommandLine(["--tools", " , "])).toThrow(/at least one pattern/);
  });
});
