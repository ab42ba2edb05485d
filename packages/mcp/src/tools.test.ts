import { approvalPendingSchema, commandIds, registry, TOOL_NAME_PATTERN, type CommandDefinition, type Descriptor } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { annotationsFor, conciseAnnotations, describeCommand, toolFor } from "./tools.js";

const descriptor = (risk: Descriptor["risk"], category: Descriptor["category"]): Descriptor => ({
  ...(registry[commandIds[0]] as CommandDefinition).descriptor,
  risk,
  category,
});

describe("annotationsFor", () => {
  it.each([
    ["read", "missions", { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false }],
    ["mutate", "offers", { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false }],
    ["approval", "imports", { readOnlyHint: false, idempotentHint: false, destructiveHint: true, openWorldHint: true }],
    ["mutate", "linkedin", { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: true }],
  ] as const)("gives a %s command in %s the hints %o", (risk, category, want) => {
    expect(annotationsFor(descriptor(risk, category))).toMatchObject(want);
  });
});

describe("conciseAnnotations", () => {
  it("keeps only the hints that differ from the protocol defaults", () => {
    expect(conciseAnnotations(annotationsFor(descriptor("read", "missions")))).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(conciseAnnotations(annotationsFor(descriptor("mutate", "offers")))).toEqual({ destructiveHint: false, openWorldHint: false });
    expect(conciseAnnotations(annotationsFor(descriptor("approval", "imports")))).toEqual({});
    // No hint to give: the concise tool has no annotations at all, which says the same.
    expect("annotations" in toolFor(registry["import.csv"] as CommandDefinition)).toBe(false);
  });

  it("makes a mutate command whose handler writes nothing here (writes: false) read-only and idempotent", () => {
    expect(annotationsFor(descriptor("mutate", "leads"), false)).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    const quiet = commandIds.map((id) => registry[id] as CommandDefinition).filter((d) => !d.writes && d.descriptor.risk !== "read");
    expect(quiet.length).toBeGreaterThan(0);
    for (const d of quiet) expect(toolFor(d).annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
  });
});

describe("toolFor", () => {
  const tools = commandIds.map((id) => toolFor(registry[id] as CommandDefinition, { schemas: "full" }));
  const concise = commandIds.map((id) => toolFor(registry[id] as CommandDefinition));

  it("declares the reserved arguments: the approval id on every tool, the idempotency key where the command writes", () => {
    for (const [index, tool] of concise.entries()) {
      const risk = (registry[commandIds[index]!] as CommandDefinition).descriptor.risk;
      expect(Object.keys(tool.inputSchema.properties ?? {})).toContain("_approval_request_id");
      expect("_idempotency_key" in (tool.inputSchema.properties ?? {})).toBe(risk !== "read");
      expect(tool.outputSchema).toBeUndefined();
    }
  });

  it("names every tool so the model APIs accept it, without collisions", () => {
    for (const tool of tools) expect(tool.name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
  });

  it("keeps the dotted id when asked", () => {
    expect(toolFor(registry[commandIds[0]] as CommandDefinition, "dotted").name).toBe(commandIds[0]);
    expect(toolFor(registry[commandIds[0]] as CommandDefinition, { names: "dotted", schemas: "full" }).name).toBe(commandIds[0]);
  });

  it("serves object schemas at the root, as MCP requires", () => {
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
    }
  });

  it("lets a command without an approval output answer with the generic pending shape when held", () => {
    const base = registry[commandIds[0]] as CommandDefinition;
    expect(toolFor({ ...base, approvalOutputSchema: null }, { schemas: "full" }).outputSchema).toEqual({
      type: "object",
      anyOf: [base.outputSchema, approvalPendingSchema],
    });
  });

  it("lets an approval command answer with its approval output", () => {
    const base = registry[commandIds[0]] as CommandDefinition;
    const approval = { type: "object", properties: { approval_request_id: { type: "string" } }, additionalProperties: false };
    const tool = toolFor({ ...base, approvalOutputSchema: approval }, { schemas: "full" });
    expect(tool.outputSchema).toEqual({ type: "object", anyOf: [base.outputSchema, approval] });
  });
});

describe("describeCommand", () => {
  it("joins summary, when to use and risk notes", () => {
    const d = { ...descriptor("approval", "imports"), risk_notes: ["Imports many leads at once."] };
    const text = describeCommand(d);
    expect(text).toContain(d.summary);
    expect(text).toContain(`When to use: ${d.when_to_use}`);
    expect(text).toContain("Risk: Imports many leads at once.");
    expect(text).toContain("approval");
  });
});
