import { commandIds, registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { commandHelpText, describeType } from "./command-help.js";

describe("commandHelpText", () => {
  it.each([...commandIds])("shows %s's summary, when to use, every input field and an example", (id) => {
    const definition = registry[id];
    const text = commandHelpText(definition);
    expect(text).toContain(definition.descriptor.summary);
    expect(text).toContain(definition.descriptor.when_to_use);
    const schema = definition.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
    for (const field of Object.keys(schema.properties ?? {})) expect(text).toMatch(new RegExp(`^  ${field}  \\(`, "m"));
    for (const field of schema.required ?? []) expect(text).toMatch(new RegExp(`^  ${field}  \\([^)]*required`, "m"));
    if (definition.descriptor.examples.length > 0) expect(text).toContain(definition.descriptor.examples[0]!.code);
  });
});

describe("describeType", () => {
  it.each([
    [{ anyOf: [{ type: "string", format: "uri" }, { type: "null" }] }, "string (uri) or null"],
    [{ type: "integer", minimum: 1, maximum: 100 }, "integer 1-100"],
    [{ type: "string", enum: ["active", "archived"] }, "one of active|archived"],
    [{ type: "array", items: { type: "string" } }, "array of string"],
  ])("describes %j as %s", (schema, want) => {
    expect(describeType(schema)).toBe(want);
  });
});
