import { registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { validationDetails } from "./validation.js";

function detailsFor(input: unknown, id: keyof typeof registry = "mission.create") {
  const validate = registry[id].validateInput;
  expect(validate(structuredClone(input))).toBe(false);
  return validationDetails(validate.errors, registry[id].inputSchema);
}

describe("validationDetails", () => {
  it("names a missing required field by its path", () => {
    expect(detailsFor({})).toEqual([{ path: "/name", message: "is required (string)" }]);
  });

  it("names the type of a missing field, and the allowed values of an enum", () => {
    const statusOf = (registry["lead.update_status"].inputSchema["properties"] as { status: { enum: string[] } }).status.enum;
    expect(detailsFor({ lead_id: "lead_1" }, "lead.update_status")).toEqual([
      { path: "/status", message: `is required (one of ${statusOf.join(", ")})` },
    ]);
    expect(detailsFor({ lead_id: "lead_1", status: "Bored" }, "lead.update_status")).toEqual([
      { path: "/status", message: `must be one of ${statusOf.join(", ")}` },
    ]);
  });

  it("names an unknown field and says to remove it", () => {
    expect(detailsFor({ name: "x", colour: "red" })).toEqual([{ path: "/colour", message: expect.stringContaining("remove it") }]);
  });

  it("reports the real reason on a nullable field instead of anyOf noise", () => {
    const details = detailsFor({ name: "x", cta_url: "ftp://example.com" });
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({ path: "/cta_url", message: expect.stringContaining("pattern") });
  });

  it("points into arrays", () => {
    expect(detailsFor({ name: "x", example_messages: ["ok", 3] })[0]?.path).toBe("/example_messages/1");
  });
});
