import { describe, expect, it } from "vitest";
import { commandIds } from "./generated/registry.js";
import { closestCommandIds, commandHttpPath, commandToolName, TOOL_NAME_PATTERN } from "./naming.js";

describe("names derived from a command id", () => {
  it.each([
    ["mission.create", "/api/v1/commands/mission.create", "mission_create"],
    ["import.leads.list", "/api/v1/commands/import.leads.list", "import_leads_list"],
  ])("%s", (id, path, tool) => {
    expect(commandHttpPath(id)).toBe(path);
    expect(commandToolName(id)).toBe(tool);
    expect(commandToolName(id, { dotted: true })).toBe(id);
  });

  it("gives every command a tool name the model APIs accept, without collisions", () => {
    const names = commandIds.map((id) => commandToolName(id));
    for (const name of names) expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(names).size).toBe(names.length);
  });

  it("suggests close ids for a typo", () => {
    expect(closestCommandIds("mision.create", commandIds)[0]).toBe("mission.create");
    expect(closestCommandIds("offer_list", commandIds)[0]).toBe("offer.list");
    expect(closestCommandIds("zzzzzzzzzzzzzzzzzzzz", commandIds)).toEqual([]);
  });
});
