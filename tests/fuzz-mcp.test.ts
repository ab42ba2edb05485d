// The contract fuzzer's mutations over MCP tools/call for a sample of commands: a refused call is a
// tool error with invalid_input the model can act on, never a protocol failure or a 5xx.
import { commandIds, registry, type CommandDefinition } from "@salestouch/contracts";
import fc from "fast-check";
import { createGeneratorSync } from "json-schema-faker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutationOf } from "./fuzz/mutations.js";
import { callCommand, connectHttp, type McpConnection } from "./helpers/mcp.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const SEED = 20261129;
/** Every third command, so each category is represented without repeating the HTTP fuzzer. */
const SAMPLE = commandIds.filter((_, i) => i % 3 === 0);

let server: TestServer;
let mcp: McpConnection;
beforeAll(async () => {
  server = await startTestServer();
  mcp = await connectHttp(server.url, { authorization: `Bearer ${server.key}` });
});
afterAll(async () => {
  await mcp.close();
  await server.stop();
});

describe.each(SAMPLE.map((id) => [id, registry[id] as CommandDefinition] as const))("fuzzing %s over MCP", (id, definition) => {
  it("answers every mutation with a tool result, refusing invalid arguments with invalid_input", async () => {
    const generated = createGeneratorSync({ seed: SEED, optionalsProbability: 0.6, maxItems: 3, maxLength: 60 }).generate(
      definition.inputSchema as never,
    ) as Record<string, unknown>;
    delete generated["cursor"];
    delete generated["csv_path"];
    const valid = definition.validateInput(structuredClone(generated)) ? generated : {};
    const required = (definition.inputSchema["required"] ?? []) as string[];
    const mutations = fc.sample(mutationOf(valid as never, required), { seed: SEED, numRuns: 12 });
    for (const mutation of mutations) {
      const args = JSON.parse(mutation.inputJson) as unknown;
      if (args === null || typeof args !== "object" || Array.isArray(args)) continue; // tool arguments are always an object
      const envelope = await callCommand(mcp.client, id, args);
      expect(envelope.status, mutation.kind).toBeLessThan(500);
      if (mutation.kind === "__proto__ key") {
        // JSON-RPC decoding turns an own __proto__ key into a prototype, which validation does not see;
        // what matters is that nothing global is polluted and nothing fails.
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        continue;
      }
      if (!definition.validateInput(structuredClone(args))) {
        expect(envelope.ok, mutation.kind).toBe(false);
        expect(envelope.result.isError).toBe(true);
        expect(envelope.error?.code, mutation.kind).toBe("invalid_input");
      }
    }
  });
});
