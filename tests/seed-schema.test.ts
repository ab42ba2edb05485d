import { loadOpenApiDocument, registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { seedOutputSchema } from "./helpers/seed.js";

describe("the published mission.create contract", () => {
  it("bundles the mission.create output schema exactly as the seed publishes it", () => {
    expect(registry["mission.create"].outputSchema).toStrictEqual(seedOutputSchema());
  });

  it("serves the same schema in the bundled OpenAPI document", () => {
    const doc = loadOpenApiDocument() as { components: { schemas: Record<string, unknown> } };
    expect(doc.components.schemas["MissionCreateOutput"]).toStrictEqual(seedOutputSchema());
  });

  it("uses the seed's mission shape for every command that returns a mission", () => {
    const mission = (seedOutputSchema()["properties"] as Record<string, unknown>)["mission"];
    for (const id of ["mission.get", "mission.update", "mission.archive"] as const) {
      expect((registry[id].outputSchema["properties"] as Record<string, unknown>)["mission"]).toStrictEqual(mission);
    }
  });
});
