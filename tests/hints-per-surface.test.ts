// One error, worded per surface: the same failures over REST, the CLI (local and remote) and MCP
// (stdio local and remote) carry the same code, and a hint that names only that surface's means.
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { callCommand, connectStdio, sandbox, type McpConnection } from "./helpers/mcp.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const MISSING = "mis_0000000000000000000000000Z";
const FOREIGN = {
  rest: [/_approval_request_id/, /describe_tool/, /`salestouch /, /--[a-z]/],
  cli: [/\/api\/v1/, /_approval_request_id/, /_idempotency_key/, /describe_tool/],
  mcp: [/\/api\//, /salestouch (commands|help|approvals|keys|policy)/, /--[a-z]/, /error\.details/],
} as const;

let server: TestServer;
let rest: Awaited<ReturnType<TestServer["clientFor"]>>;
let cli: CliSandbox;
let mcpLocal: McpConnection;
let mcpRemote: McpConnection;
let remoteEnv: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  rest = await server.clientFor("hints-rest");
  cli = cliSandbox();
  remoteEnv = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: (await server.clientFor("hints-remote")).key };
  mcpLocal = await connectStdio();
  mcpRemote = await connectStdio({ box: sandbox(remoteEnv) });
});
afterAll(async () => {
  await mcpLocal.close();
  await mcpRemote.close();
  cli.remove();
  await server.stop();
});

type Surface = keyof typeof FOREIGN;

function expectWorded(surface: Surface, text: string, wants: RegExp): void {
  expect(text, `${surface}: ${text}`).toMatch(wants);
  for (const foreign of FOREIGN[surface]) expect(text, `${surface}: ${text}`).not.toMatch(foreign);
}

const mcpText = (envelope: Envelope) => (envelope.ok ? "" : envelope.error.hint);

describe.each([
  [
    "invalid_input",
    "mission.create",
    {},
    {
      rest: /GET \/api\/v1\/commands\/mission\.create\/schema/,
      cli: /salestouch help mission\.create/,
      mcp: /describe_tool with \{"name": "mission_create"\}/,
    },
  ],
  [
    "invalid_input",
    "lead.update_status",
    { lead_id: "lead_1", status: "Bored" },
    { rest: /must be one of New, /, cli: /must be one of New, /, mcp: /must be one of New, / },
  ],
  [
    "not_found",
    "mission.get",
    { mission_id: MISSING },
    { rest: /POST \/api\/v1\/commands\/mission\.list/, cli: /salestouch commands run mission\.list/, mcp: /mission_list/ },
  ],
] as const)("%s from %s", (code, commandId, input, wants) => {
  it("over REST names routes", async () => {
    const envelope = await rest.client.runAny(commandId, input);
    expect(!envelope.ok && envelope.error.code).toBe(code);
    if (!envelope.ok) expectWorded("rest", `${envelope.error.hint} ${JSON.stringify(envelope.error.details ?? [])}`, wants.rest);
  });

  it.each([
    ["local", {}],
    ["remote", () => remoteEnv],
  ] as const)("over the CLI (%s mode) names verbs and flags", async (_mode, env) => {
    const { envelope } = await runCommandJson(cli, commandId, input, typeof env === "function" ? env() : env);
    expect(!envelope.ok && envelope.error.code).toBe(code);
    if (!envelope.ok) expectWorded("cli", `${envelope.error.hint} ${JSON.stringify(envelope.error.details ?? [])}`, wants.cli);
  });

  it.each([["local"], ["remote"]] as const)("over MCP stdio (%s mode) names tools and arguments", async (mode) => {
    const envelope = await callCommand((mode === "local" ? mcpLocal : mcpRemote).client, commandId, input);
    expect(envelope.result._meta?.["error_code"]).toBe(code);
    expectWorded("mcp", mcpText(envelope), wants.mcp);
  });
});

describe("a reused idempotency key with another input (conflict)", () => {
  it("names --idempotency-key in the CLI and _idempotency_key over MCP", async () => {
    const key = `hint-${Date.now()}`;
    await cli.runJson(["commands", "run", "mission.create", "--input-json", '{"name":"A"}', "--idempotency-key", key, "--json"]);
    const again = await cli.runJson<Envelope>([
      "commands",
      "run",
      "mission.create",
      "--input-json",
      '{"name":"B"}',
      "--idempotency-key",
      key,
      "--json",
    ]);
    expect(!again.json.ok && again.json.error.code).toBe("conflict");
    if (!again.json.ok) expectWorded("cli", again.json.error.hint, /--idempotency-key/);
    await mcpLocal.client.callTool({ name: "mission_create", arguments: { name: "A", _idempotency_key: key } });
    const mcp = await callCommand(mcpLocal.client, "mission.create", { name: "B", _idempotency_key: key });
    expect(mcp.result._meta?.["error_code"]).toBe("conflict");
    expectWorded("mcp", mcpText(mcp), /"_idempotency_key"/);
  });
});
