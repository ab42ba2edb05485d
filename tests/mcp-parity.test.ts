// Every example of every command through MCP tools/call gives the same data (ids and timestamps
// aside) or the same error code as the REST surface for the same input. HTTP runs in the default
// concise mode; the stdio replay declares every output schema (--schemas full), so the SDK client
// validates every result against it.
import { commandIds, registry, type CommandDefinition, type CommandExample, type Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExample, subsetMismatch, type RunCommand } from "./helpers/examples.js";
import { EXAMPLE_LEAD_SOURCE } from "./helpers/lead-source-server.js";
import { callCommand, connectHttp, connectStdio, normalize, sandbox, type McpConnection } from "./helpers/mcp.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const examples = commandIds.flatMap((id) =>
  (registry[id] as CommandDefinition).examples.map((example) => [`${id} ${example.name}`, id, example] as const),
);

let server: TestServer;
let workspaces = 0;
beforeAll(async () => {
  server = await startTestServer({ env: EXAMPLE_LEAD_SOURCE });
});
afterAll(async () => {
  await server.stop();
});

interface Outcome {
  ok: boolean | "setup failed";
  status?: number;
  code?: string;
  data?: unknown;
}

async function outcome(id: string, example: CommandExample, run: RunCommand, ids: Map<string, string>): Promise<Outcome> {
  try {
    const { envelope } = await runExample(id, example, run);
    return envelope.ok
      ? { ok: true, status: envelope.status, data: normalize(envelope.data, ids) }
      : { ok: false, status: envelope.status, code: envelope.error.code };
  } catch {
    return { ok: "setup failed" };
  }
}

const viaMcp =
  (mcp: McpConnection): RunCommand =>
  async (commandId, input) =>
    (await callCommand(mcp.client, commandId, input)) as Envelope;

describe("MCP over HTTP matches REST, example by example", () => {
  it.each(examples)("%s", async (_name, id, example) => {
    const rest = await server.clientFor(`parity-rest-${++workspaces}`);
    const other = await server.clientFor(`parity-mcp-${workspaces}`);
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${other.key}` });
    try {
      const overRest = await outcome(id, example, (c, i) => rest.client.runAny(c, i), new Map());
      const overMcp = await outcome(id, example, viaMcp(mcp), new Map());
      expect(overMcp).toEqual(overRest);
      expect(overMcp.ok).toBe(example.expect.ok);
      if (example.expect.error) expect(overMcp.code).toBe(example.expect.error.code);
      if (overMcp.ok === true && example.expect.data !== undefined && !JSON.stringify(example.expect.data).includes("{{")) {
        expect(subsetMismatch(normalize(example.expect.data), overMcp.data)).toBeNull();
      }
    } finally {
      await mcp.close();
    }
  });
});

describe("MCP over stdio matches REST when both replay every example in order", () => {
  let stdio: McpConnection;
  let rest: Awaited<ReturnType<TestServer["clientFor"]>>;
  const restIds = new Map<string, string>();
  const stdioIds = new Map<string, string>();
  beforeAll(async () => {
    stdio = await connectStdio({ args: ["--schemas", "full"], box: sandbox(EXAMPLE_LEAD_SOURCE) });
    rest = await server.clientFor("parity-replay");
  });
  afterAll(async () => {
    await stdio.close();
  });

  // One local database and one REST workspace, each growing the same way, so list results agree.
  it.each(examples)("%s", async (_name, id, example) => {
    const overRest = await outcome(id, example, (c, i) => rest.client.runAny(c, i), restIds);
    const overStdio = await outcome(id, example, viaMcp(stdio), stdioIds);
    expect(overStdio).toEqual(overRest);
  });
});
