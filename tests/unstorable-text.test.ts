// Text the contract refuses — NUL and unpaired UTF-16 surrogates — is refused the same way on both
// databases and every path into them: command inputs (names, ids, list queries, CSV text), the
// approval request id of a collect, and the approvals path; never a 500, never a changed string.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callCommand, connectHttp } from "./helpers/mcp.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const BAD = [
  ["NUL", "Q3\u0000CFOs"],
  ["a lone high surrogate", "Q3 \ud800 CFOs"],
  ["a lone low surrogate", "Q3 \udc00 CFOs"],
] as const;

describe.each(DIALECTS)("on %s", (dialect) => {
  let server: TestServer;
  let key: string;
  const run = async (commandId: string, input: unknown, headers: Record<string, string> = {}) => {
    const res = await server.fetch(`/api/v1/commands/${commandId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ input }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { ok: boolean; data: unknown; error: { code: string; details?: { path: string; message: string }[] } },
    };
  };
  beforeAll(async () => {
    server = await startTestServer({ dialect });
    key = (await server.clientFor(`text-${dialect}`, ["*", "approvals.decide"])).key;
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(BAD)("refuses %s in a name, an id, a list query and a CSV with invalid_input naming the field", async (_what, text) => {
    const mission = await run("mission.create", { name: text });
    expect(mission.status).toBe(400);
    expect(mission.body.error.details?.[0]?.path).toBe("/name");
    expect((await run("offer.create", { name: text })).status).toBe(400);
    expect((await run("lead.upsert", { name: "Ada", custom_id: text })).status).toBe(400);
    expect((await run("mission.list", { query: text })).status).toBe(400);
    expect((await run("lead.search", { query: text })).status).toBe(400);
    expect((await run("mission.get", { mission_id: `mis_${text}` })).status).toBe(400);
    const created = await run("mission.create", { name: "For the CSV" });
    const missionId = (created.body.data as { mission: { id: string } }).mission.id;
    const csv = await run("import.csv", { mission_id: missionId, name: "Cells", csv: `name,email\nAda,ada@example.com\n${text},bad@example.com\n` });
    expect(csv.status).toBe(400);
    expect(csv.body.error.details?.[0]?.path).toBe("/csv");
    const list = await run("mission.list", {});
    expect(JSON.stringify(list.body.data)).not.toContain("\\ufffd");
  });

  it.each(BAD)("answers an approval request id holding %s as not found, on the collect and on the approvals path", async (_what, text) => {
    const collect = await run("mission.list", {}, {});
    expect(collect.status).toBe(200);
    const held = await server.fetch("/api/v1/commands/mission.create", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { name: "Collect" }, approval_request_id: `apr_${text}` }),
    });
    expect([400, 404]).toContain(held.status);
    for (const method of ["GET", "POST"]) {
      const path = `/api/v1/approvals/${encodeURIComponent(`apr_${text.replace(/[\ud800-\udfff]/g, "\u0000")}`)}${method === "POST" ? "/approve" : ""}`;
      const res = await server.fetch(path, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it("refuses the same over MCP", async () => {
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${key}` });
    try {
      const answer = await callCommand(mcp.client, "mission.create", { name: "Q3\u0000CFOs" });
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe("invalid_input");
    } finally {
      await mcp.close();
    }
  });
});
