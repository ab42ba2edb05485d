import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { conciseSchema } from "./concise-schema.js";

describe("conciseSchema", () => {
  it("writes a nullable union as a type list, drops length limits, patterns a sentence tells, restating sentences and additionalProperties false", () => {
    const schema = conciseSchema({
      type: "object",
      description: "Repeats the tool description.",
      properties: {
        phone: { description: "Phone number.", anyOf: [{ type: "string", maxLength: 50 }, { type: "null" }] },
        mission_id: { type: "string", pattern: "^mis_[0-9A-Za-z]{1,64}$", description: "Mission id (mis_...). Long second sentence." },
        offer_id: { type: "string", description: "Offer to link (off_...)." },
        size: { type: "string", description: "Company size, e.g. 51-200. More." },
        kind: { type: "string", enum: ["csv", "api"], description: "Where the leads come from: csv or api." },
      },
      required: [],
      additionalProperties: false,
    });
    expect(schema).toEqual({
      type: "object",
      properties: {
        phone: { type: ["string", "null"] },
        mission_id: { type: "string" },
        offer_id: { type: "string", description: "Offer to link (off_...)." },
        size: { type: "string", description: "Company size, e.g. 51-200." },
        kind: { type: "string", enum: ["csv", "api"], description: "Where the leads come from." },
      },
    });
  });

  it("drops a range and default its keywords say, a sentence that only names the enum's values, a plural restated, extensions and the media type", () => {
    const schema = conciseSchema({
      type: "object",
      properties: {
        freshness: { type: "integer", minimum: 0, maximum: 100, description: "How recent the data is, 0-100. Used by scoring." },
        limit: { type: "integer", minimum: 1, maximum: 100, default: 20, description: "Page size, 1-100 (default 20)." },
        other: { type: "integer", minimum: 1, maximum: 10, default: 5, description: "Tries, 1-100 (default 20)." },
        type: { type: "string", enum: ["INVITATION", "MESSAGE"], description: "INVITATION: a note (300 characters); MESSAGE: a message." },
        leads: { type: "array", items: { type: "string" }, description: "One lead." },
        csv: { type: "string", contentMediaType: "text/csv", "x-upload-as": "upload_id", description: "The CSV text." },
      },
    });
    expect(schema).toEqual({
      type: "object",
      properties: {
        freshness: { type: "integer", minimum: 0, maximum: 100, description: "How recent the data is." },
        limit: { type: "integer", minimum: 1, maximum: 100, default: 20, description: "Page size." },
        other: { type: "integer", minimum: 1, maximum: 10, default: 5, description: "Tries, 1-100 (default 20)." },
        type: { type: "string", enum: ["INVITATION", "MESSAGE"] },
        leads: { type: "array", items: { type: "string" } },
        csv: { type: "string", description: "The CSV text." },
      },
    });
  });

  it("keeps the root description when it drops combined constraints at the root", () => {
    const schema = conciseSchema({
      type: "object",
      description: "An id or an email.",
      properties: { a: { type: "string" } },
      anyOf: [{ required: ["a"] }],
    });
    expect(schema).toEqual({ type: "object", description: "An id or an email.", properties: { a: { type: "string" } } });
  });

  it("writes a map of many same-typed fields as propertyNames", () => {
    const props = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((k) => [k, { type: "string" }]));
    expect(conciseSchema({ type: "object", properties: { columns: { type: "object", properties: props, additionalProperties: false } } })).toEqual({
      type: "object",
      properties: { columns: { type: "object", propertyNames: { enum: Object.keys(props) }, additionalProperties: { type: "string" } } },
    });
  });

  it("lists the names once when most optional fields of a nested object share a schema, keeping the others and the required ones", () => {
    const text = { type: ["string", "null"] };
    const names = ["a", "b", "c", "d", "e", "f", "g"];
    const item = {
      type: "object",
      properties: { ...Object.fromEntries(names.map((k) => [k, text])), id: { type: "string" }, score: { type: "number" } },
      required: ["id", "a"],
      additionalProperties: false,
    };
    expect(conciseSchema({ type: "object", properties: { rows: { type: "array", items: item } } })).toEqual({
      type: "object",
      properties: {
        rows: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "a"],
            properties: { a: text, id: { type: "string" }, score: { type: "number" } },
            propertyNames: { enum: [...names, "id", "score"] },
            additionalProperties: text,
          },
        },
      },
    });
  });

  it("drops what a URL's format says from its sentence, and the sentence when nothing else is left", () => {
    const schema = conciseSchema({
      type: "object",
      properties: {
        landing_page_url: { type: "string", format: "uri", description: "Landing page, an http or https URL." },
        source: { type: "string", format: "uri", description: "Where the list came from, an http or https URL." },
      },
    });
    expect(schema["properties"]).toEqual({
      landing_page_url: { type: "string", format: "uri" },
      source: { type: "string", format: "uri", description: "Where the list came from." },
    });
  });

  it("accepts every valid example input of every command: the concise schema is never stricter", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const id of commandIds) {
      const definition = registry[id] as CommandDefinition;
      const validate = ajv.compile(conciseSchema(definition.inputSchema as Record<string, unknown>));
      for (const example of definition.examples.filter((e) => e.expect.ok && !JSON.stringify(e.input).includes("{{"))) {
        expect(validate(example.input), `${id} ${example.name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });
});
