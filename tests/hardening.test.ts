// Second-round attack findings on the HTTP surfaces, on both databases: every MCP tools/call counts
// against the rate limit whatever the framing (batches), a top-level "__proto__" argument gets the
// answer REST gives, and a cursor the server did not make is refused on GET /api/v1/approvals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callCommand, connectHttp } from "./helpers/mcp.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const call = (id: number, name: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "mission_create", arguments: { name } } });

describe.each(DIALECTS)("on %s", (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  const missionCount = async (key: string): Promise<number> => {
    const res = await server.fetch("/api/v1/commands/mission.list", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: '{"input":{"limit":100}}',
    });
    return ((await res.json()) as { data: { missions: unknown[] } }).data.missions.length;
  };

  it("counts every tools/call of a JSON-RPC batch against the rate limit", async () => {
    const limited = await startTestServer({ dialect, rateLimitPerMinute: 5 });
    try {
      const { key } = await limited.clientFor("batches");
      const post = (body: unknown) =>
        limited.fetch("/api/mcp", {
          method: "POST",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-protocol-version": "2025-06-18",
          },
          body: JSON.stringify(body),
        });
      const big = await post(Array.from({ length: 100 }, (_, i) => call(i + 1, `Batch ${i}`)));
      expect(big.status).toBe(429);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      const small = await post([call(1, "One"), call(2, "Two"), call(3, "Three")]);
      expect(small.status).toBe(200);
      const again = await post([call(4, "Four"), call(5, "Five"), call(6, "Six")]);
      expect(again.status).toBe(429);
      const res = await limited.fetch("/api/v1/commands/mission.list", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: '{"input":{}}',
      });
      expect(res.status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it("refuses a top-level __proto__ argument over MCP as REST does, running nothing", async () => {
    const { key } = await server.clientFor(`proto-${dialect}`);
    const input = JSON.parse('{"name":"Polluted","__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    const rest = await server.fetch("/api/v1/commands/mission.create", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: `{"input":${JSON.stringify(input)}}`,
    });
    const restBody = (await rest.json()) as { error: { code: string; details: { path: string }[] } };
    expect(rest.status).toBe(400);
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${key}` });
    try {
      const answer = await callCommand(mcp.client, "mission.create", input);
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe(restBody.error.code);
      expect(answer.error?.message).toContain("__proto__");
    } finally {
      await mcp.close();
    }
    expect(await missionCount(key)).toBe(0);
  });

  it("answers 400 for a cursor on GET /api/v1/approvals that it did not make, like the command lists", async () => {
    const { key } = await server.clientFor(`cursor-${dialect}`, ["*", "approvals.decide"]);
    const auth = { authorization: `Bearer ${key}` };
    expect((await server.fetch("/api/v1/approvals", { headers: auth })).status).toBe(200);
    for (const cursor of ["garbage", "AAAA", "%00", "eyJpZCI6MX0"]) {
      const res = await server.fetch(`/api/v1/approvals?cursor=${cursor}`, { headers: auth });
      expect(res.status, cursor).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cursor/);
    }
    const list = await server.fetch("/api/v1/commands/mission.list", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: '{"input":{"cursor":"garbage"}}',
    });
    expect(list.status).toBe(400);
  });
});
