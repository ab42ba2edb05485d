// Imports a person can check against their spreadsheet: row numbers as a spreadsheet shows them,
// blank rows counted as skipped, each invalid row naming its value and its person; a held
// import.csv previews its rows without writing; a CSV body or an oversized one says what to do.
import type { SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const EXPORT = [
  "First Name,Last Name,Email,LinkedIn URL,Company,Title,Owner",
  "Ada,Lovelace,ada@analytical.example,,Analytical Engines,CFO,",
  ",,,,,,",
  "Grace,Hopper,grace-at-cobol,,Cobol Systems,VP Finance,",
  "",
  'Alan,Turing,,,Bletchley,"Head of\nFinance",',
  "Edsger,Dijkstra,,https://example.com/not-linkedin,TU,Professor,",
  "Barbara,Liskov,barbara@clu.example,,MIT,Professor,",
  ",,,,,,",
  "",
].join("\n");

describe.each(DIALECTS)("imports a person can trust on %s", (dialect) => {
  let server: TestServer;
  let client: SalesTouchClient;
  let workspaces = 0;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    client = (await server.clientFor(`trust-${++workspaces}`)).client;
  });

  const mission = async () => data(await client.run("mission.create", { name: "Spreadsheet" })).mission.id;

  it("numbers rows as a spreadsheet does, counts blank rows as skipped and names each invalid row's value and person", async () => {
    const result = data(await client.run("import.csv", { mission_id: await mission(), name: "Export", csv: EXPORT }));
    // Row 1 header, 2 Ada, 3 blank, 4 Grace, 5 empty line, 6 Alan (two lines, one row), 7 Edsger, 8 Barbara; the trailing blanks are ignored.
    expect(result).toMatchObject({ row_count: 7, created_count: 2, skipped_count: 2, invalid_count: 3, updated_count: 0 });
    expect(result.created_count + result.updated_count + result.skipped_count + result.invalid_count).toBe(result.row_count);
    expect(result.invalid_rows).toEqual([
      { row: 4, field: "email", value: "grace-at-cobol", lead: "Grace Hopper", reason: expect.any(String) },
      { row: 6, field: null, value: null, lead: "Alan Turing", reason: expect.stringMatching(/no identifier/) },
      { row: 7, field: "linkedin_url", value: "https://example.com/not-linkedin", lead: "Edsger Dijkstra", reason: expect.any(String) },
    ]);
  });
});

describe("held import.csv and CSV bodies", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ bodyLimit: "64kb" });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("previews the rows of a held import.csv without writing anything", async () => {
    const keys = server.running.local.keys;
    const agent = await keys.create({ name: "agent", workspace: "held-csv", permissions: [{ target: "import.csv", permission: "ask" }] });
    const post = (commandId: string, input: unknown) =>
      server
        .fetch(`/api/v1/commands/${commandId}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${agent.key}` },
          body: JSON.stringify({ input }),
        })
        .then((r) => r.json() as Promise<{ status: number; data: Record<string, unknown>; meta: { approval_required: boolean } }>);
    const missionId = ((await post("mission.create", { name: "Held" })).data["mission"] as { id: string }).id;
    const held = await post("import.csv", { mission_id: missionId, name: "Export", csv: EXPORT });
    expect(held.status).toBe(202);
    expect(held.meta.approval_required).toBe(true);
    expect(held.data).toMatchObject({
      source: "csv",
      row_count: 7,
      valid_count: 2,
      invalid_count: 3,
      blank_count: 2,
      checked_all: true,
      mapped_columns: { first_name: "First Name", email: "Email", linkedin_url: "LinkedIn URL", company: "Company", job_title: "Title" },
      ignored_columns: ["Owner"],
      sample: [
        {
          row: 2,
          fields: { first_name: "Ada", last_name: "Lovelace", email: "ada@analytical.example", company: "Analytical Engines", job_title: "CFO" },
        },
        { row: 8, fields: expect.objectContaining({ email: "barbara@clu.example" }) },
      ],
    });
    expect((held.data["invalid_rows"] as { row: number }[]).map((r) => r.row)).toEqual([4, 6, 7]);
    const imports = await post("import.list", { mission_id: missionId });
    expect(imports.data["imports"]).toEqual([]);
  });

  it("answers a text/csv body with 415 saying how to send a CSV", async () => {
    const response = await server.fetch("/api/v1/commands/import.csv", {
      method: "POST",
      headers: { "content-type": "text/csv", authorization: `Bearer ${server.key}` },
      body: EXPORT,
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
    expect(body.error.code).toBe("unsupported_media_type");
    expect(body.error.message).toMatch(/application\/json, not text\/csv/);
    expect(body.error.hint).toMatch(/POST \/api\/v1\/uploads/);
    expect(body.error.hint).toMatch(/csv_path/);
  });

  it("answers an oversized body with 413 stating the limit and how to raise it", async () => {
    const csv = `Email\n${Array.from({ length: 5000 }, (_, i) => `person${i}@example.com`).join("\n")}`;
    const response = await server.fetch("/api/v1/commands/import.csv", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.key}` },
      body: JSON.stringify({ input: { mission_id: "mis_x", name: "Big", csv } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toMatch(/\(\d+ KB\) is larger than this server's limit of 64 KB \(SALESTOUCH_BODY_LIMIT\)/);
    expect(body.error.hint).toMatch(/SALESTOUCH_BODY_LIMIT/);
    expect(body.error.hint).toMatch(/POST \/api\/v1\/uploads/);
    expect(body.error.hint).toMatch(/csv_path/);
  });
});
