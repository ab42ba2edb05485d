import { registry, resources, type CommandResourceDefinition } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import type { Principal } from "./auth.js";
import { CommandError } from "./errors.js";
import { findResource, listResources, readResource } from "./resources.js";
import { createRuntime } from "./runtime.js";

const backed = resources.find((r): r is CommandResourceDefinition => "command" in r)!;
const everyScope: Principal = { workspaceId: "ws_1", keyId: null, scopes: ["*"], kind: "local" };

/** The real runtime over one handler, for the command behind `backed`, that records its input. */
function runtimeRecording(calls: unknown[]) {
  const handler = async (input: unknown) => {
    calls.push(input);
    return { recorded: true };
  };
  return createRuntime({
    handlers: { [backed.command]: handler } as never,
    unitOfWork: { transaction: (_mode, fn) => fn({}) },
    validateOutputs: false,
  });
}

describe("resources", () => {
  it("lists every resource of the spec without its source", () => {
    expect(listResources().map((r) => r.uri)).toEqual(resources.map((r) => r.uri));
    expect(Object.keys(listResources()[0]!).sort()).toEqual(["description", "mimeType", "name", "title", "uri"]);
  });

  it("reads the catalog without running a command", async () => {
    const calls: unknown[] = [];
    const catalog = resources.find((r) => "builtin" in r)!;
    const content = await readResource(runtimeRecording(calls), catalog.uri, { principal: everyScope });
    expect((content.payload as { commands: unknown[] }).commands.length).toBe(Object.keys(registry).length);
    expect(calls).toEqual([]);
  });

  it("runs the command behind a resource with the spec's input", async () => {
    const calls: unknown[] = [];
    const content = await readResource(runtimeRecording(calls), backed.uri, { principal: everyScope });
    expect(content).toEqual({ uri: backed.uri, payload: { recorded: true } });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(backed.input as object);
  });

  it("refuses a principal without the command's scope with forbidden", async () => {
    const none: Principal = { ...everyScope, scopes: ["nothing.read"] };
    const error = await readResource(runtimeRecording([]), backed.uri, { principal: none }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe("forbidden");
  });

  it("answers an unknown uri with not_found and the uris that exist", async () => {
    expect(findResource("salestouch://nothing")).toBeUndefined();
    const error = (await readResource(runtimeRecording([]), "salestouch://nothing", { principal: everyScope }).catch(
      (e: unknown) => e,
    )) as CommandError;
    expect(error.code).toBe("not_found");
    for (const r of resources) expect(error.hint).toContain(r.uri);
  });
});
