// The salestouch-mcp binary over stdio, driven by the SDK's real Client against the built binary.
import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  approvalPendingSchema,
  commandIds,
  commandToolName,
  prompts,
  registry,
  resources,
  TOOL_NAME_PATTERN,
  type CommandDefinition,
} from "@salestouch/contracts";
import {
  ErrorCode,
  JSONRPCMessageSchema,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callCommand, connectStdio, MCP_BIN, sandbox, type McpConnection } from "./helpers/mcp.js";
import { assertSeedShape } from "./helpers/seed.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const definitions = commandIds.map((id) => registry[id] as CommandDefinition);
const firstOf = (risk: string) => definitions.find((d) => d.descriptor.risk === risk && d.writes === (risk !== "read"))!;
const commandTools = (list: Tool[]) => list.map((t) => t.name).filter((name) => name !== "describe_tool");
const createCommand = "mission.create";
/** docs/mcp.md "Context budget": the default tools/list for every command, in tokens (characters / 4). */
const TOKEN_BUDGET = 8000;

/** The raw tools/list answer of a fresh binary, as a host receives it. */
async function rawListTools(args: string[]): Promise<string> {
  const box = sandbox();
  const child = spawn(process.execPath, [MCP_BIN, ...args], { env: box.env, cwd: box.cwd });
  try {
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    send({ id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
    send({ method: "notifications/initialized" });
    send({ id: 2, method: "tools/list" });
    await new Promise<void>((resolve) => child.stdout.on("data", () => stdout.includes('"id":2') && stdout.endsWith("\n") && resolve()));
    const line = stdout.split("\n").find((l) => l.includes('"id":2'))!;
    return JSON.stringify((JSON.parse(line) as { result: unknown }).result);
  } finally {
    // The server opens its database once initialized; the folder goes once the process has ended,
    // not while it may still be creating the database's files in it.
    const ended = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, "exit");
    child.kill();
    await ended;
    box.remove();
  }
}

let mcp: McpConnection;
let tools: Tool[];

beforeAll(async () => {
  mcp = await connectStdio();
  tools = (await mcp.client.listTools()).tools;
});
afterAll(async () => {
  await mcp.close();
});

describe("tools/list over stdio", () => {
  it("lists one tool per command, named so every model API accepts it, without collisions", () => {
    expect(tools.map((t) => t.name)).toEqual([...commandIds.map((id) => commandToolName(id)), "describe_tool"]);
    for (const tool of tools) expect(tool.name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
  });

  it("serves concise tools: summary and when-to-use, an input schema with every field and the reserved arguments, no output schema", () => {
    for (const definition of definitions) {
      const tool = tools.find((t) => t.name === commandToolName(definition.id))!;
      const fields = Object.keys((definition.inputSchema["properties"] ?? {}) as object);
      expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual([
        ...fields,
        "_approval_request_id",
        ...(definition.descriptor.risk === "read" ? [] : ["_idempotency_key"]),
      ]);
      expect(tool.inputSchema.required ?? []).toEqual(definition.inputSchema["required"] ?? []);
      expect(tool.outputSchema).toBeUndefined();
      expect(tool.title).toBe(definition.descriptor.title);
      expect(tool.description).toContain(definition.descriptor.summary);
    }
  });

  it(`keeps the default tools/list for every command within the context budget (${TOKEN_BUDGET} tokens at 4 characters a token)`, async () => {
    const raw = await rawListTools([]);
    const tokens = Math.ceil(raw.length / 4);
    console.info(`tools/list (default, ${commandIds.length} commands): ${raw.length} characters ≈ ${tokens} tokens of ${TOKEN_BUDGET}`);
    expect(tokens, `tools/list is ${tokens} tokens; trim descriptions in spec/ or see docs/mcp.md "Context budget"`).toBeLessThanOrEqual(
      TOKEN_BUDGET,
    );
    const full = await rawListTools(["--schemas", "full"]);
    console.info(`tools/list (--schemas full): ${full.length} characters ≈ ${Math.ceil(full.length / 4)} tokens`);
  });

  it("describes any tool in full on demand: notes, the spec's input schema with the reserved arguments, the result's shape", async () => {
    for (const definition of definitions) {
      const result = (await mcp.client.callTool({ name: "describe_tool", arguments: { name: commandToolName(definition.id) } })) as CallToolResult;
      const payload = result.structuredContent as {
        command_id: string;
        input_schema: { properties: object };
        output_schema: unknown;
        description: string;
      };
      expect(payload.command_id).toBe(definition.id);
      expect(payload.input_schema.properties).toMatchObject(definition.inputSchema["properties"] as object);
      expect(payload.output_schema).toEqual({
        type: "object",
        anyOf: [definition.outputSchema, definition.approvalOutputSchema ?? approvalPendingSchema],
      });
      expect(payload.description).toContain(definition.descriptor.when_to_use);
    }
    const unknown = (await mcp.client.callTool({ name: "describe_tool", arguments: { name: "mision_create" } })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toContain("mission_create");
  });

  it("gives short server instructions that say what to do first", () => {
    const text = mcp.client.getInstructions() ?? "";
    expect(text.length).toBeLessThan(800);
    expect(text).toContain("describe_tool");
    expect(text).toContain("_approval_request_id");
    for (const definition of definitions.filter((d) => /^[a-z]+\.list$/.test(d.id))) expect(text).toContain(commandToolName(definition.id));
  });

  it("derives annotations from risk", () => {
    const read = tools.find((t) => t.name === commandToolName(firstOf("read").id))!;
    const mutate = tools.find((t) => t.name === commandToolName(firstOf("mutate").id))!;
    expect(read.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(mutate.annotations).toMatchObject({ destructiveHint: false });
    expect(mutate.annotations?.readOnlyHint).toBeUndefined();
  });
});

describe("--schemas full over stdio", () => {
  it("serves each command's input and output schemas verbatim (plus the reserved arguments) and keeps the id in title and _meta", async () => {
    const full = await connectStdio({ args: ["--schemas", "full"] });
    try {
      const listed = (await full.client.listTools()).tools;
      for (const definition of definitions) {
        const tool = listed.find((t) => t.name === commandToolName(definition.id))!;
        const { _approval_request_id, _idempotency_key, ...properties } = tool.inputSchema.properties ?? {};
        expect({ ...tool.inputSchema, properties }).toEqual(definition.inputSchema);
        expect(_approval_request_id).toBeDefined();
        expect(_idempotency_key !== undefined).toBe(definition.descriptor.risk !== "read");
        // A held call answers with the approval output, or the generic pending shape (docs/approvals.md).
        expect(tool.outputSchema).toEqual({
          type: "object",
          anyOf: [definition.outputSchema, definition.approvalOutputSchema ?? approvalPendingSchema],
        });
        expect(tool.title).toContain(definition.id);
        expect(tool._meta?.["command_id"]).toBe(definition.id);
        expect(tool.description).toContain(definition.descriptor.when_to_use);
      }
      // The SDK client checks structuredContent against the declared output schema.
      expect((await callCommand(full.client, createCommand, { name: "Validated" })).ok).toBe(true);
    } finally {
      await full.close();
    }
  });
});

describe("--dynamic over stdio", () => {
  it("lists the category tools, loads a category's tools on request (list_changed) and calls any tool by name", async () => {
    const dynamic = await connectStdio({ args: ["--dynamic"] });
    try {
      let changed = 0;
      dynamic.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void changed++);
      const first = (await dynamic.client.listTools()).tools.map((t) => t.name);
      expect(first.sort()).toEqual(["call_tool", "describe_tool", "list_categories", "load_category"]);
      const categories = ((await dynamic.client.callTool({ name: "list_categories", arguments: {} })) as CallToolResult).structuredContent as {
        categories: { category: string; tools: { name: string }[] }[];
      };
      expect(categories.categories.flatMap((c) => c.tools.map((t) => t.name)).sort()).toEqual(commandIds.map((id) => commandToolName(id)).sort());
      const category = registry[createCommand].descriptor.category;
      await dynamic.client.callTool({ name: "load_category", arguments: { category } });
      const after = (await dynamic.client.listTools()).tools.map((t) => t.name);
      expect(after).toContain(commandToolName(createCommand));
      await expect.poll(() => changed).toBeGreaterThan(0);
      const other = definitions.find(
        (d) => d.descriptor.category !== category && d.descriptor.risk === "read" && ((d.inputSchema["required"] ?? []) as string[]).length === 0,
      )!;
      const viaCall = (await dynamic.client.callTool({
        name: "call_tool",
        arguments: { name: commandToolName(other.id), arguments: {} },
      })) as CallToolResult;
      expect(viaCall.isError ?? false).toBe(false);
      expect((viaCall._meta as { command_id: string }).command_id).toBe(other.id);
    } finally {
      await dynamic.close();
    }
  });
});

describe("tools/call over stdio", () => {
  it("returns the command's data as structuredContent and text, with the envelope meta in _meta", async () => {
    const envelope = await callCommand(mcp.client, createCommand, { name: "Q3 fintech CFOs" });
    expect(envelope.ok).toBe(true);
    assertSeedShape(envelope.data);
    const text = envelope.result.content[0];
    expect(text?.type === "text" && JSON.parse(text.text)).toEqual(envelope.data);
    expect(envelope.meta.command_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(envelope.status).toBe(200);
  });

  it("reports invalid arguments as a tool error naming the field and the fix", async () => {
    const envelope = await callCommand(mcp.client, createCommand, {});
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.code).toBe("invalid_input");
    expect(envelope.result.isError).toBe(true);
    expect(envelope.result.structuredContent).toBeUndefined();
    expect(envelope.error?.message).toContain("/name");
    expect(envelope.error?.message).toContain("How to fix:");
  });

  it("answers an unknown tool with the protocol error -32602", async () => {
    const error = await mcp.client.callTool({ name: "mission_teleport", arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    const typo = (await mcp.client.callTool({ name: "mision_create", arguments: {} }).catch((e: unknown) => e)) as McpError;
    expect(typo.message).toContain("did you mean mission_create");
  });

  it("writes logs to stderr only", () => {
    expect(mcp.stderr()).toContain('"msg":"local mode"');
  });
});

describe("resources over stdio", () => {
  it("lists the spec's resources and reads them as JSON", async () => {
    const listed = (await mcp.client.listResources()).resources;
    expect(listed.map((r) => r.uri)).toEqual(resources.map((r) => r.uri));
    const catalog = await mcp.client.readResource({ uri: "salestouch://catalog" });
    const first = catalog.contents[0] as { mimeType: string; text: string };
    expect(first.mimeType).toBe("application/json");
    expect((JSON.parse(first.text) as { commands: unknown[] }).commands).toHaveLength(commandIds.length);
  });

  it("answers an unknown resource with -32002 and the uris that exist", async () => {
    const error = (await mcp.client.readResource({ uri: "salestouch://nothing" }).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(-32002);
    expect(error.message).toContain("salestouch://catalog");
  });
});

describe("start-up filters", () => {
  it("--read-only exposes only read commands", async () => {
    const filtered = await connectStdio({ args: ["--read-only"] });
    try {
      const names = commandTools((await filtered.client.listTools()).tools);
      expect(names).toEqual(definitions.filter((d) => d.descriptor.risk === "read").map((d) => commandToolName(d.id)));
      const error = (await filtered.client
        .callTool({ name: commandToolName(createCommand), arguments: { name: "x" } })
        .catch((e: unknown) => e)) as McpError;
      expect(error.code).toBe(ErrorCode.InvalidParams);
    } finally {
      await filtered.close();
    }
  });

  it("--category, --tools globs and --dotted-names combine", async () => {
    const category = definitions[0]!.descriptor.category;
    const filtered = await connectStdio({ args: ["--category", category, "--tools", `${category.slice(0, 3)}*`, "--dotted-names"] });
    try {
      const names = commandTools((await filtered.client.listTools()).tools);
      expect(names).toEqual(definitions.filter((d) => d.descriptor.category === category && d.id.startsWith(category.slice(0, 3))).map((d) => d.id));
      const uris = (await filtered.client.listResources()).resources.map((r) => r.uri);
      const hidden = resources.filter((r) => "command" in r && !names.includes(r.command)).map((r) => r.uri);
      for (const uri of hidden) expect(uris).not.toContain(uri);
    } finally {
      await filtered.close();
    }
  });

  it("refuses a pattern that matches no command, on stderr with exit code 2", async () => {
    const box = sandbox();
    try {
      const child = spawn(process.execPath, [MCP_BIN, "--tools", "nothing.like.this"], { env: box.env, cwd: box.cwd });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(code).toBe(2);
      expect(stderr).toContain("matches no command");
    } finally {
      box.remove();
    }
  });
});

describe("stdout discipline", () => {
  it("writes nothing but JSON-RPC messages on stdout", async () => {
    const box = sandbox({ SALESTOUCH_LOG_LEVEL: "debug" });
    try {
      const child = spawn(process.execPath, [MCP_BIN], { env: box.env, cwd: box.cwd });
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
      send({ id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
      send({ method: "notifications/initialized" });
      send({ id: 2, method: "tools/list" });
      send({ id: 3, method: "tools/call", params: { name: commandToolName(createCommand), arguments: { name: "Raw stdio" } } });
      send({ id: 4, method: "tools/call", params: { name: commandToolName(createCommand), arguments: { name: "" } } });
      send({ id: 5, method: "resources/read", params: { uri: resources[0]!.uri } });
      send({ id: 6, method: "tools/call", params: { name: "no_such_tool" } });
      // Requests are answered out of order; close stdin once all six answers are in.
      await new Promise<void>((resolve) => child.stdout.on("data", () => stdout.split("\n").length > 6 && resolve()));
      child.stdin.end();
      await new Promise((resolve) => child.on("close", resolve));
      const lines = stdout.split("\n").filter((l) => l !== "");
      expect(lines.length).toBe(6);
      for (const line of lines) expect(JSONRPCMessageSchema.safeParse(JSON.parse(line)).success, line).toBe(true);
    } finally {
      box.remove();
    }
  });
});

describe("remote mode", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("sends calls to the server named by SALESTOUCH_API_BASE_URL, as the key's workspace", async () => {
    const { client: rest, key } = await server.clientFor("mcp-remote");
    const remote = await connectStdio({ box: sandbox({ SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: key }) });
    try {
      const envelope = await callCommand(remote.client, createCommand, { name: "Made over remote stdio" });
      expect(envelope.ok).toBe(true);
      const listed = await rest.runAny("mission.list", {});
      expect(JSON.stringify(listed.data)).toContain("Made over remote stdio");
      const read = await remote.client.readResource({ uri: "salestouch://missions" });
      expect((read.contents[0] as { text: string }).text).toContain("Made over remote stdio");
    } finally {
      await remote.close();
      remote.box.remove();
    }
  });

  it("reads the base URL and key from the project's .salestouch/salestouch.json", async () => {
    const { key } = await server.clientFor("mcp-project");
    const box = sandbox();
    box.writeProjectConfig({ baseUrl: server.url, apiKey: key });
    const remote = await connectStdio({ box });
    try {
      expect((await callCommand(remote.client, createCommand, { name: "From project config" })).ok).toBe(true);
      expect(remote.stderr()).toContain('"msg":"remote mode"');
      expect(remote.stderr()).not.toContain(key);
    } finally {
      await remote.close();
      box.remove();
    }
  });

  it("turns a refused key into a tool error that says how to fix it", async () => {
    const remote = await connectStdio({
      box: sandbox({ SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: "st_notAValidKeyAtAll000000000000" }),
    });
    try {
      const envelope = await callCommand(remote.client, createCommand, { name: "x" });
      expect(envelope.ok).toBe(false);
      expect(envelope.result._meta?.["error_code"]).toBe("unauthenticated");
    } finally {
      await remote.close();
      remote.box.remove();
    }
  });
});

describe("prompts over stdio", () => {
  it("lists every workflow of spec/prompts and renders one with its arguments and this server's tool names", async () => {
    const listed = (await mcp.client.listPrompts()).prompts;
    expect(listed.map((p) => p.name)).toEqual(prompts.map((p) => p.name));
    for (const prompt of prompts) {
      const args = Object.fromEntries(prompt.arguments.map((a) => [a.name, `value of ${a.name}`]));
      const got = await mcp.client.getPrompt({ name: prompt.name, arguments: args });
      const text = (got.messages[0]!.content as { text: string }).text;
      for (const id of prompt.commands) expect(text).toContain(commandToolName(id));
      for (const a of prompt.arguments) expect(text).toContain(`value of ${a.name}`);
      expect(text).not.toMatch(/\{\{/);
      expect(got.messages[0]?.role).toBe("user");
    }
  });

  it("refuses a missing required argument and an unknown prompt with invalid params", async () => {
    const needy = prompts.find((p) => p.arguments.some((a) => a.required))!;
    const missing = (await mcp.client.getPrompt({ name: needy.name, arguments: {} }).catch((e: unknown) => e)) as McpError;
    expect(missing.code).toBe(ErrorCode.InvalidParams);
    expect(missing.message).toContain(needy.arguments.find((a) => a.required)!.name);
    const unknown = (await mcp.client.getPrompt({ name: "no_such_prompt" }).catch((e: unknown) => e)) as McpError;
    expect(unknown.code).toBe(ErrorCode.InvalidParams);
  });

  it("offers only the workflows whose tools the server exposes", async () => {
    const readOnly = await connectStdio({ args: ["--read-only"] });
    try {
      const names = (await readOnly.client.listPrompts()).prompts.map((p) => p.name);
      const expected = prompts
        .filter((p) => p.commands.every((id) => registry[id as keyof typeof registry].descriptor.risk === "read"))
        .map((p) => p.name);
      expect(names).toEqual(expected);
    } finally {
      await readOnly.close();
    }
  });
});
