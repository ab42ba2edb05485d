// MCP over Streamable HTTP at /api/mcp, with the SDK's real client against a running server.
import { commandIds, commandToolName, registry, resources, type CommandDefinition } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@salestouch/client";
import { callCommand, connectHttp } from "./helpers/mcp.js";
import { assertSeedShape } from "./helpers/seed.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};
const post = (headers: Record<string, string>, body: unknown = initialize) =>
  server.fetch("/api/mcp", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });

describe("authentication at /api/mcp", () => {
  it("answers 401 with WWW-Authenticate when no key is sent", async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("answers 401 for an unknown key without echoing it", async () => {
    const bogus = "st_thisKeyDoesNotExistAnywhere000000000000";
    const res = await post({ authorization: `Bearer ${bogus}` });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(bogus);
  });

  it("accepts the key as Bearer or in X-API-Key", async () => {
    expect((await post({ authorization: `Bearer ${server.key}` })).status).toBe(200);
    expect((await post({ "x-api-key": server.key })).status).toBe(200);
  });

  it("is stateless: no session id, and GET answers 405", async () => {
    const res = await post({ authorization: `Bearer ${server.key}` });
    expect(res.headers.get("mcp-session-id")).toBeNull();
    const get = await server.fetch("/api/mcp", { headers: { authorization: `Bearer ${server.key}`, accept: "text/event-stream" } });
    expect(get.status).toBe(405);
  });

  it("answers a body that is not JSON with the JSON-RPC parse error", async () => {
    const res = await server.fetch("/api/mcp", {
      method: "POST",
      headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });
});

describe("tools over Streamable HTTP", () => {
  it("lists every command for a key with every scope, and runs one", async () => {
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${server.key}` });
    try {
      const tools = (await mcp.client.listTools()).tools;
      expect(tools.map((t) => t.name)).toEqual([...commandIds.map((id) => commandToolName(id)), "describe_tool"]);
      const envelope = await callCommand(mcp.client, "mission.create", { name: "Over HTTP MCP" });
      expect(envelope.ok).toBe(true);
      assertSeedShape(envelope.data);
    } finally {
      await mcp.close();
    }
  });

  it("serves every output schema with ?schemas=full, and the client validates results against them", async () => {
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${server.key}` }, "?schemas=full");
    try {
      const tools = (await mcp.client.listTools()).tools;
      for (const id of commandIds) expect(tools.find((t) => t.name === commandToolName(id))?.outputSchema).toBeDefined();
      expect((await callCommand(mcp.client, "mission.create", { name: "Validated over HTTP" })).ok).toBe(true);
    } finally {
      await mcp.close();
    }
  });

  it("shows a scoped key only the tools its scopes allow", async () => {
    const { key } = await server.clientFor("mcp-scoped", ["missions.read"]);
    const mcp = await connectHttp(server.url, { "x-api-key": key });
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      const expected = commandIds
        .map((id) => registry[id] as CommandDefinition)
        .filter((d) => d.descriptor.category === "missions" && d.descriptor.risk === "read")
        .map((d) => commandToolName(d.id));
      expect(names).toEqual([...expected, "describe_tool"]);
    } finally {
      await mcp.close();
    }
  });

  it("keeps workspaces apart: a mission made with one key is not in another key's resources", async () => {
    const a = await server.clientFor("mcp-ws-a");
    const b = await server.clientFor("mcp-ws-b");
    const mcpA = await connectHttp(server.url, { authorization: `Bearer ${a.key}` });
    const mcpB = await connectHttp(server.url, { authorization: `Bearer ${b.key}` });
    try {
      expect((await callCommand(mcpA.client, "mission.create", { name: "Only in A" })).ok).toBe(true);
      const readA = await mcpA.client.readResource({ uri: "salestouch://missions" });
      const readB = await mcpB.client.readResource({ uri: "salestouch://missions" });
      expect((readA.contents[0] as { text: string }).text).toContain("Only in A");
      expect((readB.contents[0] as { text: string }).text).not.toContain("Only in A");
    } finally {
      await mcpA.close();
      await mcpB.close();
    }
  });

  it("serves the same resources as GET /api/v1/resources", async () => {
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${server.key}` });
    try {
      const listed = (await mcp.client.listResources()).resources.map((r) => r.uri);
      expect(listed).toEqual(resources.map((r) => r.uri));
      const rest = (await (
        await server.fetch(`/api/v1/resources/read?uri=${encodeURIComponent("salestouch://offers")}`, {
          headers: { authorization: `Bearer ${server.key}` },
        })
      ).json()) as { data: { resource: { payload: unknown } } };
      const viaMcp = await mcp.client.readResource({ uri: "salestouch://offers" });
      expect(JSON.parse((viaMcp.contents[0] as { text: string }).text)).toEqual(rest.data.resource.payload);
    } finally {
      await mcp.close();
    }
  });
});

describe("a call held for approval over MCP", () => {
  it("answers the pending shape as structuredContent, then collects the approved result with _approval_request_id", async () => {
    const keys = server.running.local.keys;
    const agent = await keys.create({ name: "agent", workspace: "mcp-approvals", permissions: [{ target: "mission.create", permission: "ask" }] });
    const person = await keys.create({ name: "person", workspace: "mcp-approvals", scopes: ["*", "approvals.decide"] });
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${agent.key}` });
    try {
      const held = await callCommand(mcp.client, "mission.create", { name: "Needs a yes" });
      expect(held.ok).toBe(true);
      expect(held.status).toBe(202);
      expect(held.meta.approval_required).toBe(true);
      const requestId = held.meta.approval_request_id!;
      expect(held.data).toMatchObject({ approval: { id: requestId, status: "pending" } });
      expect(JSON.stringify(held.result.content)).toContain("NOT RUN YET");

      await createClient({ baseUrl: server.url, apiKey: person.key }).approvals.approve(requestId);
      const collected = await callCommand(mcp.client, "mission.create", { name: "Needs a yes", _approval_request_id: requestId });
      expect(collected.ok).toBe(true);
      expect(collected.status).toBe(200);
      assertSeedShape(collected.data);
      expect(collected.data).toMatchObject({ mission: { name: "Needs a yes" } });
    } finally {
      await mcp.close();
    }
  });
});
