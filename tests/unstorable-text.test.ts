// Text the contract refuses — NUL and unpaired UTF-16 surrogates — is refused the same way on both
// databases and every path into them: command inputs (names, ids, list queries, CSV text), the
// approval request id of a collect, and the approvals path; never a 500, never a changed string.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutUnstorableText } from "@salestouch/runtime";
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
    const list = await run("mission.list", {});
    expect(JSON.stringify(list.body.data)).not.toContain("\\ufffd");
  });

  it.each(BAD)("leaves out only the CSV row holding %s, naming its row and field, and imports the others", async (_what, text) => {
    const created = await run("mission.create", { name: `For the CSV ${_what}` });
    const missionId = (created.body.data as { mission: { id: string } }).mission.id;
    const csv = `name,email,company\nAda,ada-${_what.length}@example.com,Acme\n${text},bad-${_what.length}@example.com,Acme\nGrace,grace-${_what.length}@example.com,Q3${text}\nLin,lin-${_what.length}@example.com,Initech\n`;
    const answer = await run("import.csv", { mission_id: missionId, name: `Cells ${_what}`, csv });
    expect(answer.status, JSON.stringify(answer.body.error)).toBe(200);
    const result = answer.body.data as {
      import_id: string;
      created_count: number;
      invalid_count: number;
      invalid_rows: { row: number; field: string; reason: string; value: string; lead: string }[];
    };
    expect(result.created_count).toBe(2);
    expect(result.invalid_count).toBe(2);
    const why = _what === "NUL" ? "contains a NUL character (U+0000)" : "contains an unpaired UTF-16 surrogate";
    expect(result.invalid_rows).toEqual([
      {
        row: 3,
        field: "name",
        reason: expect.stringContaining(why),
        value: withoutUnstorableText(text),
        lead: expect.any(String),
      },
      {
        row: 4,
        field: "company",
        reason: expect.stringContaining(why),
        value: `Q3${withoutUnstorableText(text)}`,
        lead: "Grace",
      },
    ]);
    // What was stored reads back the same on both databases: the report keeps no refused character.
    const again = await run("import.get", { import_id: result.import_id });
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body.data)).not.toMatch(/\\u0000|\\ud[89a-f]/);
  });

  it.each(BAD)("leaves out an uploaded file's row holding %s the same way", async (_what, text) => {
    const created = await run("mission.create", { name: `For the upload ${_what}` });
    const missionId = (created.body.data as { mission: { id: string } }).mission.id;
    // An upload is bytes: NUL is a byte; a lone surrogate cannot be UTF-8, so its bytes decode as U+FFFD and import as such.
    const body = Buffer.from(`name,email\nAda,ada-up-${_what.length}@example.com\n${text},bad-up-${_what.length}@example.com\n`, "utf8");
    const uploaded = await server.fetch("/api/v1/uploads", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
      body,
    });
    expect(uploaded.status).toBe(201);
    const uploadId = ((await uploaded.json()) as { data: { upload: { upload_id: string } } }).data.upload.upload_id;
    const answer = await run("import.csv", { mission_id: missionId, name: `Upload ${_what}`, upload_id: uploadId });
    expect(answer.status, JSON.stringify(answer.body.error)).toBe(200);
    const result = answer.body.data as { created_count: number; invalid_count: number; invalid_rows: { row: number; field: string }[] };
    if (_what === "NUL") {
      expect(result).toMatchObject({ created_count: 1, invalid_count: 1 });
      expect(result.invalid_rows[0]).toMatchObject({ row: 3, field: "name" });
    } else expect(result).toMatchObject({ created_count: 2, invalid_count: 0 });
  });

  it("refuses a CSV whose header holds NUL whole, naming the header's column", async () => {
    const created = await run("mission.create", { name: "For the header" });
    const missionId = (created.body.data as { mission: { id: string } }).mission.id;
    const answer = await run("import.csv", { mission_id: missionId, name: "Header", csv: "name,em\u0000ail\nAda,ada@example.com\n" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details?.[0]).toMatchObject({ path: "/csv", message: expect.stringContaining("column 2 (row 1)") });
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

  it("refuses a decision note holding NUL or an unpaired surrogate, deciding nothing", async () => {
    // An agent whose missions wait for a person, and the person who decides.
    const keys = server.running.local.keys;
    const agent = await keys.create({ name: "agent", workspace: `notes-${dialect}`, permissions: [{ target: "missions", permission: "ask" }] });
    const person = await keys.create({ name: "person", workspace: `notes-${dialect}`, scopes: ["*", "approvals.decide"] });
    const heldRes = await server.fetch("/api/v1/commands/mission.create", {
      method: "POST",
      headers: { authorization: `Bearer ${agent.key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { name: "Held" } }),
    });
    expect(heldRes.status).toBe(202);
    const id = ((await heldRes.json()) as { meta: { approval_request_id: string } }).meta.approval_request_id;
    for (const verb of ["approve", "deny"]) {
      for (const [, text] of BAD) {
        const res = await server.fetch(`/api/v1/approvals/${id}/${verb}`, {
          method: "POST",
          headers: { authorization: `Bearer ${person.key}`, "content-type": "application/json" },
          body: JSON.stringify({ note: text }),
        });
        expect(res.status, `${verb} ${JSON.stringify(text)}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; details?: { path: string }[] } };
        expect(body.error.code).toBe("invalid_input");
      }
    }
    const view = await server.fetch(`/api/v1/approvals/${id}`, { headers: { authorization: `Bearer ${person.key}` } });
    expect(((await view.json()) as { data: { approval: { status: string } } }).data.approval.status).toBe("pending");
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
