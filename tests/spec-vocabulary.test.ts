// The spec's vocabulary is stated once: command files are checked against spec/command.schema.json,
// and a new category (or approval status, or lead field limit) is one spec edit that `pnpm gen`
// carries into the generated vocabulary every package imports.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPROVAL_STATUSES, CATEGORIES, CATEGORY_SCOPES, LEAD_TEXT_LIMITS, loadOpenApiDocument, registry, TEXT_PATTERN } from "@salestouch/contracts";
import { parseScopes } from "@salestouch/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { emitOpenapi } from "../scripts/gen/emit-openapi.js";
import { emitVocabulary } from "../scripts/gen/emit-vocabulary.js";
import { loadApprovalSchemas } from "../scripts/gen/approval-schemas.js";
import { loadSpec } from "../scripts/gen/load-spec.js";

const specDir = join(import.meta.dirname, "..", "spec");
let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** A copy of spec/ with `edit` applied to the JSON file at `file`. */
function specWith(file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "spec-vocabulary-"));
  copies.push(dir);
  cpSync(specDir, dir, { recursive: true });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return dir;
}

const problemsOf = (dir: string): string => {
  try {
    loadSpec(dir);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("command files against spec/command.schema.json", () => {
  it.each([
    [
      "an unknown risk",
      (c: Record<string, unknown>) => (c["risk"] = "dangerous"),
      "spec/commands/mission.create.json: risk must be one of read, mutate, approval",
    ],
    ["an unknown category", (c: Record<string, unknown>) => (c["category"] = "partners"), "category must be one of missions, offers"],
    ["a key the schema does not know", (c: Record<string, unknown>) => (c["owner"] = "sales"), `has an unknown key "owner"`],
    ["an empty summary", (c: Record<string, unknown>) => (c["summary"] = ""), "summary must NOT have fewer than 1 characters"],
    ["approval risk without a preview schema", (c: Record<string, unknown>) => (c["risk"] = "approval"), "approval_output_schema must be object"],
    ["writes: true", (c: Record<string, unknown>) => (c["writes"] = true), "writes must be false"],
    ["examples inside the command file", (c: Record<string, unknown>) => (c["examples"] = []), "examples live in spec/examples/<command_id>/"],
    ["a command id that is not noun.verb", (c: Record<string, unknown>) => (c["command_id"] = "MissionCreate"), `command_id must match pattern`],
  ])("refuses %s with the file and the field", (_name, edit, message) => {
    expect(problemsOf(specWith("commands/mission.create.json", edit))).toContain(message);
  });

  it("accepts the spec as it is", () => {
    expect(problemsOf(specDir)).toBe("");
  });
});

describe("a new category is one spec edit", () => {
  it("reaches the vocabulary, the scopes and the OpenAPI document through pnpm gen", () => {
    const dir = specWith("command.schema.json", (schema) => {
      const category = (schema["$defs"] as Record<string, { oneOf: { const: string; description: string }[] }>)["category"]!;
      category.oneOf.push({ const: "partners", description: "Partner programmes and their referrals." });
    });
    const commandFile = join(dir, "commands", "offer.list.json");
    writeFileSync(commandFile, readFileSync(commandFile, "utf8").replace(/"category": "offers"/, `"category": "partners"`));
    const spec = loadSpec(dir);
    const vocabulary = emitVocabulary(spec, "");
    expect(vocabulary).toContain(`"scoring", "partners"] as const`);
    expect(vocabulary).toContain(`"partners.read", "partners.write"`);
    const openapi = emitOpenapi(spec, "", loadApprovalSchemas(dir)) as {
      tags: { name: string }[];
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(openapi.components.schemas["Descriptor"]!.properties["category"]!.enum).toContain("partners");
    expect(openapi.tags).toContainEqual({ name: "partners", description: "Partner programmes and their referrals." });
  });

  it("an approval status added to spec/schemas/approval.json reaches the vocabulary", () => {
    const dir = specWith("schemas/approval.json", (schema) => {
      (schema["properties"] as Record<string, { enum: string[] }>)["status"]!.enum.push("withdrawn");
    });
    expect(emitVocabulary(loadSpec(dir), "")).toContain(`"expired", "withdrawn"] as const`);
  });
});

describe("the generated vocabulary is what every package uses", () => {
  const document = loadOpenApiDocument() as {
    components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    tags: { name: string }[];
  };

  it("gives the runtime its scopes and the OpenAPI document its categories", () => {
    expect(parseScopes(CATEGORY_SCOPES.join(","))).toEqual([...CATEGORY_SCOPES]);
    expect(() => parseScopes("painting.write")).toThrow(CATEGORY_SCOPES.join(", "));
    expect(document.components.schemas["Descriptor"]!.properties["category"]!.enum).toEqual([...CATEGORIES]);
    for (const category of CATEGORIES) expect(document.tags.map((t) => t.name)).toContain(category);
  });

  it("states the approval statuses and lead limits the spec states", () => {
    const approval = JSON.parse(readFileSync(join(specDir, "schemas", "approval.json"), "utf8")) as { properties: { status: { enum: string[] } } };
    expect([...APPROVAL_STATUSES]).toEqual(approval.properties.status.enum);
    const leadInput = readFileSync(join(specDir, "schemas", "lead-input.json"), "utf8");
    expect(LEAD_TEXT_LIMITS.company).toBe(300);
    expect(leadInput).toContain(`"maxLength": ${LEAD_TEXT_LIMITS.description}`);
  });
});

describe("the text rule (spec/schemas/text.json) in every command input", () => {
  type Node = Record<string, unknown>;
  /** Every string schema of an input, with its JSON pointer. */
  function strings(node: unknown, path: string, out: [string, Node][]): [string, Node][] {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) strings(item, `${path}/${i}`, out);
    } else if (node !== null && typeof node === "object") {
      const schema = node as Node;
      if (schema["type"] === "string" || (Array.isArray(schema["type"]) && schema["type"].includes("string"))) out.push([path, schema]);
      for (const [key, child] of Object.entries(schema)) strings(child, `${path}/${key}`, out);
    }
    return out;
  }
  const patterns = (s: Node): unknown[] => [s["pattern"], ...((s["allOf"] as Node[] | undefined) ?? []).map((p) => p["pattern"])];

  it("is on every input string but enums, CSV text and ids of a fixed shape, and the validators refuse what it refuses", () => {
    let checked = 0;
    for (const [id, definition] of Object.entries(registry)) {
      for (const [path, schema] of strings(definition.inputSchema, id, [])) {
        if ("enum" in schema || "const" in schema || schema["contentMediaType"] === "text/csv") continue;
        const own = schema["pattern"];
        const fixedShape = typeof own === "string" && /^\^[[\]A-Za-z0-9_{},-]*\$$/.test(own);
        if (!fixedShape) expect(patterns(schema), path).toContain(TEXT_PATTERN);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    for (const bad of ["Q3\u0000CFOs", "Q3\ud800CFOs", "Q3\udc00"]) {
      expect(registry["mission.create"].validateInput({ name: bad })).toBe(false);
      expect(registry["lead.upsert"].validateInput({ email: "a@example.com", company: bad })).toBe(false);
      expect(registry["import.csv"].validateInput({ mission_id: "mis_1", name: "x", csv: `name\n${bad}\n` })).toBe(true);
    }
    expect(registry["mission.create"].validateInput({ name: "Q3 CFOs 😀 日本" })).toBe(true);
  });
});
