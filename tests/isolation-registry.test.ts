// Workspace isolation over the whole registry: every example that refers to entities made in its
// setup is replayed from another workspace with the first workspace's ids. Nothing may leak and
// nothing may change hands.
import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePlaceholders } from "./helpers/examples.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const ID = /\b[a-z]+_[0-9A-Z]{26}\b/g;

let server: TestServer;
let n = 0;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const cases = commandIds.flatMap((id) =>
  (registry[id] as CommandDefinition).examples
    .filter((e) => e.expect.ok && e.setup.length > 0 && JSON.stringify(e.input).includes("{{"))
    .map((e) => [`${id} / ${e.name}`, id, e] as const),
);

describe("workspace isolation across the registry", () => {
  it("has examples to replay for most commands", () => {
    expect(new Set(cases.map(([, id]) => id)).size).toBeGreaterThan(commandIds.length / 3);
  });

  it.each(cases)("%s from another workspace sees nothing of the owner's", async (_name, id, example) => {
    const owner = (await server.clientFor(`owner-${++n}`)).client;
    const stranger = (await server.clientFor(`stranger-${n}`)).client;
    const steps: Record<string, unknown> = {};
    for (const step of example.setup) {
      const result = await owner.runAny(step.command, resolvePlaceholders(step.input, steps));
      expect(result.ok, JSON.stringify(result.error)).toBe(true);
      steps[step.as] = result.data;
    }
    const ownerIds = new Set(JSON.stringify(steps).match(ID) ?? []);
    const ownerView = async (): Promise<string> => {
      // Every entity made in setup, read back through its get command where one exists.
      const views: unknown[] = [];
      for (const step of example.setup) {
        const [entity, value] = Object.entries(steps[step.as] as Record<string, { id?: string }>)[0] ?? [];
        const getter = `${entity}.get`;
        if (!value?.id || !Object.hasOwn(registry, getter)) continue;
        const read = await owner.runAny(getter, { [`${entity}_id`]: value.id });
        expect(read.ok).toBe(true);
        views.push(read.data);
      }
      return JSON.stringify(views);
    };
    const before = await ownerView();
    const envelope = await stranger.runAny(id, resolvePlaceholders(example.input, steps));
    expect(envelope.status).toBeLessThan(500);
    if (envelope.ok) {
      // A list or search filtered on a foreign id may answer, but with none of the owner's data.
      const leaked = (JSON.stringify(envelope.data).match(ID) ?? []).filter((x) => ownerIds.has(x));
      expect(leaked).toEqual([]);
    } else {
      expect(["not_found", "invalid_input", "forbidden", "conflict"]).toContain(envelope.error.code);
    }
    expect(await ownerView()).toBe(before);
  });
});
