import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { globToRegExp, selectCommands, ToolSelectionError } from "./tool-selection.js";

const all = commandIds.map((id) => registry[id] as CommandDefinition);
const ids = (list: CommandDefinition[]) => list.map((d) => d.id);

describe("globToRegExp", () => {
  it.each([
    ["mission.*", "mission.create", true],
    ["mission.*", "missions.create", false],
    ["mission_*", "mission_create", true],
    ["offer.?et", "offer.get", true],
    ["*.list", "mission.list", true],
    ["*.list", "mission.list.more", false],
  ])("%s against %s gives %s", (glob, value, want) => {
    expect(globToRegExp(glob).test(value)).toBe(want);
  });
});

describe("selectCommands", () => {
  it("selects every command by default, in registry order", () => {
    expect(ids(selectCommands())).toEqual([...commandIds]);
  });

  it("matches globs against ids and tool names alike", () => {
    const first = all[0]!.id;
    const [noun] = first.split(".");
    const byId = ids(selectCommands({ include: [`${noun}.*`] }));
    expect(byId).toEqual(ids(all.filter((d) => d.id.startsWith(`${noun}.`))));
    expect(ids(selectCommands({ include: [`${noun}_*`] }))).toEqual(byId);
  });

  it("keeps only read commands with readOnly", () => {
    expect(selectCommands({ readOnly: true }).every((d) => d.descriptor.risk === "read")).toBe(true);
  });

  it("keeps only one category", () => {
    const category = all[0]!.descriptor.category;
    expect(ids(selectCommands({ category }))).toEqual(ids(all.filter((d) => d.descriptor.category === category)));
  });

  it("applies a host's allow filter after the options", () => {
    expect(selectCommands({ allow: () => false })).toEqual([]);
  });

  it("rejects a category no command has, naming the ones that exist", () => {
    expect(() => selectCommands({ category: "astrology" })).toThrow(ToolSelectionError);
    expect(() => selectCommands({ category: "astrology" })).toThrow(all[0]!.descriptor.category);
  });

  it("rejects a pattern that matches no command", () => {
    expect(() => selectCommands({ include: ["mision.*"] })).toThrow(/matches no command/);
  });

  it("rejects options that together select nothing", () => {
    const mutate = all.find((d) => d.descriptor.risk !== "read")!;
    expect(() => selectCommands({ include: [mutate.id], readOnly: true })).toThrow(/select no command/);
  });
});
