import { describe, expect, it } from "vitest";
import { canonicalJson, commandHash } from "./canonical.js";

describe("canonicalJson", () => {
  it.each([
    ["sorts keys at every depth", { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}'],
    ["drops undefined members", { a: undefined, b: 1 }, '{"b":1}'],
    ["keeps unicode as JSON.stringify does", { name: "Zoë 🚀" }, '{"name":"Zoë 🚀"}'],
    ["handles scalars", 3, "3"],
  ])("%s", (_name, given, want) => {
    expect(canonicalJson(given)).toBe(want);
  });
});

describe("commandHash", () => {
  it("is the same for the same input whatever the key order", () => {
    expect(commandHash("mission.create", { name: "a", description: "b" })).toBe(commandHash("mission.create", { description: "b", name: "a" }));
  });

  it("differs between commands and inputs", () => {
    expect(commandHash("mission.create", { name: "a" })).not.toBe(commandHash("mission.update", { name: "a" }));
    expect(commandHash("mission.create", { name: "a" })).not.toBe(commandHash("mission.create", { name: "b" }));
  });

  it("is sha256 hex", () => {
    expect(commandHash("x.y", {})).toMatch(/^[0-9a-f]{64}$/);
  });
});
