import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import type { CliError } from "./cli-error.js";
import { flagOf, inputFlags, inputFromFlags } from "./input-flags.js";

const definitions = commandIds.map((id) => registry[id] as CommandDefinition);
const RUN_OPTIONS = ["--input-json", "--input-file", "--compact", "--approval", "--idempotency-key", "--json", "--help", "--debug"];

/** How a person would type an input as flags: strings as written, lists as repeated flags. */
function toFlags(input: Record<string, unknown>): string[] {
  return Object.entries(input).flatMap(([field, value]) => {
    const flag = flagOf(field);
    if (value === null) return [flag, "null"];
    if (typeof value === "boolean") return value ? [flag] : [`--no-${flag.slice(2)}`];
    if (Array.isArray(value))
      return value.length > 0 && value.every((v) => typeof v === "string")
        ? value.flatMap((v) => [flag, v as string])
        : [flag, JSON.stringify(value)];
    if (typeof value === "object") return [flag, JSON.stringify(value)];
    return [`${flag}=${String(value)}`];
  });
}

describe("inputFromFlags", () => {
  it.each(
    definitions.flatMap((d) =>
      d.examples
        .filter(
          (e) =>
            e.input &&
            typeof e.input === "object" &&
            !Array.isArray(e.input) &&
            Object.keys(e.input).every((k) => k in ((d.inputSchema["properties"] ?? {}) as object)),
        )
        .map((e) => [`${d.id} ${e.name}`, d, e.input] as const),
    ),
  )("spells the example input of %s as flags and reads it back", (_name, definition, input) => {
    expect(inputFromFlags(definition, toFlags(input as Record<string, unknown>))).toEqual(input);
  });

  it("gives every command a flag per input field, none shadowing an option of commands run", () => {
    for (const d of definitions) {
      const flags = inputFlags(d).map((f) => f.flag);
      expect(flags).toHaveLength(Object.keys((d.inputSchema["properties"] ?? {}) as object).length);
      for (const flag of flags) expect(RUN_OPTIONS, `${d.id} ${flag}`).not.toContain(flag);
    }
  });

  it("refuses an unknown flag naming the closest one, and a bad number naming the type", () => {
    const create = registry["mission.create"] as CommandDefinition;
    expect(() => inputFromFlags(create, ["--nmae", "x"])).toThrow(/did you mean --name/);
    const search = registry["lead.search"] as CommandDefinition;
    const error = (() => {
      try {
        inputFromFlags(search, ["--limit", "many"]);
      } catch (e) {
        return e;
      }
    })() as CliError;
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("--limit takes integer");
  });
});
