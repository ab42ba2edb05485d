// Scopes over the whole registry: a key holding only `<category>.read` may run exactly the read
// commands of that category; everything else is a plain 403 naming the scope it lacks.
import { commandIds, registry, type Category, type CommandDefinition } from "@salestouch/contracts";
import { requiredScope } from "@salestouch/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const categories = [...new Set(commandIds.map((id) => registry[id].descriptor.category))] as Category[];

describe.each(categories)("a key with only %s.read", (category) => {
  it("runs the read commands of its category and is refused everything else", async () => {
    const { key } = await server.clientFor(`scopes-${category}`, [`${category}.read`]);
    for (const id of commandIds) {
      const definition = registry[id] as CommandDefinition;
      const example = definition.examples.find((e) => e.expect.ok) ?? definition.examples[0]!;
      const res = await server.fetch(`/api/v1/commands/${id}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ input: example.input }),
      });
      const body = (await res.json()) as { error?: { code: string; message: string } };
      const allowed = definition.descriptor.category === category && definition.descriptor.risk === "read";
      if (allowed) expect(res.status, id).not.toBe(403);
      else {
        expect(res.status, id).toBe(403);
        expect(body.error?.code).toBe("forbidden");
        expect(body.error?.message).toContain(requiredScope(definition.descriptor));
      }
    }
  });
});
