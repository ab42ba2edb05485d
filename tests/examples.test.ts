// Every example of every command, over real HTTP through the generated client.
import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExample, subsetMismatch } from "./helpers/examples.js";
import { DIALECTS } from "./helpers/postgres.js";
import { assertSeedShape } from "./helpers/seed.js";
import { EXAMPLE_LEAD_SOURCE } from "./helpers/lead-source-server.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let workspaceCount = 0;

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ dialect, env: EXAMPLE_LEAD_SOURCE });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe.each(commandIds.map((id) => [id, registry[id] as CommandDefinition] as const))("%s examples over HTTP", (id, definition) => {
    it.each(definition.examples.map((e) => [e.name, e] as const))("%s", async (_name, example) => {
      // Each example runs in a workspace of its own, so list results do not depend on order.
      const { client } = await server.clientFor(`examples-${++workspaceCount}`);
      const { envelope, expected } = await runExample(id, example, (commandId, input) => client.runAny(commandId, input));
      expect(envelope.ok, JSON.stringify(envelope.error)).toBe(expected.ok);
      expect(envelope.status).toBe(expected.status);
      expect(envelope.meta.command_hash).toMatch(/^[0-9a-f]{64}$/);
      if (envelope.ok) {
        expect(definition.validateOutput(envelope.data), JSON.stringify(definition.validateOutput.errors)).toBe(true);
        if (id === "mission.create") assertSeedShape(envelope.data);
        expect(subsetMismatch(expected.data, envelope.data)).toBeNull();
      } else {
        expect(envelope.error.code).toBe(expected.error?.code);
        expect(envelope.error.message.length).toBeGreaterThan(10);
        expect(envelope.error.hint.length).toBeGreaterThan(10);
        if (envelope.error.code === "invalid_input") expect(envelope.error.details?.length).toBeGreaterThan(0);
      }
    });
  });
});
