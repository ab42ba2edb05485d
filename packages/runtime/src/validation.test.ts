import { registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { validationDetails } from "./validation.js";

function detailsFor(input: unknown) {
  const validate = registry["mission.create"].validateInput;
  expect(validate(structuredClone(input))).toBe(false);
  return validationDetails(validate.errors);
}

describe("validationDetails", () => {
  it("names a missing required field by its path", () => {
    expect(detailsFor({})).toEqual([{ path: "/name", message: "is required" }]);
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
