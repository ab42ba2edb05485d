// CSV files over the network: POST /api/v1/uploads streams a file to the server's disk, import.csv
// takes its upload_id like a csv_path, uploads belong to their workspace, limits and quotas answer
// 413 keeping nothing, an interrupted upload leaves nothing behind, the CLI in remote mode uploads a
// csv_path for you, and a server killed (SIGKILL) in the middle of an import leaves no half import.
import { request } from "node:http";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@salestouch/client";
import { openRuntime } from "@salestouch/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox } from "./helpers/cli.js";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { spawnServer } from "./helpers/server-process.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

function csvOf(rows: number, offset = 0): string {
  const lines = ["First Name,Last Name,Email,Company"];
  for (let i = offset; i < offset + rows; i++) lines.push(`Lead,${i},lead${i}@upload.example,Company ${i % 50}`);
  return `${lines.join("\n")}\n`;
}

/** Every file under the upload folder (parts included), relative to it. */
function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

async function upload(
  server: TestServer,
  key: string,
  body: string,
  type = "text/csv",
): Promise<{
  status: number;
  body: { data?: { upload: { upload_id: string; size_bytes: number; sha256: string } }; error?: { code: string; message: string; hint: string } };
}> {
  const response = await server.fetch("/api/v1/uploads", { method: "POST", headers: { "content-type": type, authorization: `Bearer ${key}` }, body });
  return { status: response.status, body: (await response.json()) as never };
}

/** POSTs `body` in chunks with no Content-Length. */
function chunkedUpload(baseUrl: string, key: string, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(`${baseUrl}/api/v1/uploads`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "content-type": "text/csv", authorization: `Bearer ${key}` },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    for (let i = 0; i < body.length; i += 16_384) req.write(body.slice(i, i + 16_384));
    req.end();
  });
}

describe.each(DIALECTS)("uploads on %s", (dialect) => {
  let server: TestServer;
  const uploadDir = tempDir("salestouch-uploads-");

  beforeAll(async () => {
    server = await startTestServer({
      dialect,
      env: { SALESTOUCH_UPLOAD_DIR: uploadDir.path, SALESTOUCH_UPLOAD_LIMIT: "200kb", SALESTOUCH_UPLOAD_QUOTA: "300kb" },
    });
  });
  afterAll(async () => {
    await server.stop();
    uploadDir.remove();
  });

  it("imports an uploaded file by upload_id exactly as the same CSV text, and only in its own workspace", async () => {
    const { client, key } = await server.clientFor(`uploads-${dialect}-a`);
    const csv = `${csvOf(1000)},,,\nNobody,Here,not-an-email,X\n`;
    const sent = await upload(server, key, csv);
    expect(sent.status).toBe(201);
    const uploaded = sent.body.data!.upload;
    expect(uploaded).toMatchObject({ upload_id: expect.stringMatching(/^upl_/), size_bytes: Buffer.byteLength(csv) });
    const missionId = data(await client.run("mission.create", { name: "Uploaded" })).mission.id;
    const result = data(await client.run("import.csv", { mission_id: missionId, name: "Upload", upload_id: uploaded.upload_id }));
    expect(result).toMatchObject({ row_count: 1002, created_count: 1000, skipped_count: 1, invalid_count: 1, already_exists: false });
    expect(result.invalid_rows[0]).toMatchObject({ row: 1003, field: "email", value: "not-an-email", lead: "Nobody Here" });
    // The same content as text is the same source: already_exists.
    const again = data(await client.run("import.csv", { mission_id: missionId, name: "Text", csv }));
    expect(again).toMatchObject({ already_exists: true, import_id: result.import_id });

    const other = await server.clientFor(`uploads-${dialect}-b`);
    const otherMission = data(await other.client.run("mission.create", { name: "Elsewhere" })).mission.id;
    const refused = await other.client.run("import.csv", { mission_id: otherMission, name: "Stolen", upload_id: uploaded.upload_id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("not_found");
    const look = await server.fetch(`/api/v1/uploads/${uploaded.upload_id}`, { headers: { authorization: `Bearer ${other.key}` } });
    expect(look.status).toBe(404);
    const mine = await server.fetch(`/api/v1/uploads/${uploaded.upload_id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(mine.status).toBe(200);
  });

  it("previews a held import of an upload: rows, counts and a sample, writing nothing", async () => {
    const agent = await server.running.local.keys.create({
      name: "agent",
      workspace: `uploads-${dialect}-held`,
      permissions: [{ target: "import.csv", permission: "ask" }],
    });
    const client = createClient({ baseUrl: server.url, apiKey: agent.key });
    const sent = await upload(server, agent.key, csvOf(30));
    const missionId = data(await client.run("mission.create", { name: "Held upload" })).mission.id;
    const held = await client.run("import.csv", { mission_id: missionId, name: "Held", upload_id: sent.body.data!.upload.upload_id });
    expect(held.status).toBe(202);
    expect(held.data).toMatchObject({
      source: "csv",
      upload_id: sent.body.data!.upload.upload_id,
      csv_path: null,
      size_bytes: sent.body.data!.upload.size_bytes,
      row_count: 30,
      valid_count: 30,
      invalid_count: 0,
    });
    expect(data(await client.run("import.list", { mission_id: missionId })).imports).toEqual([]);
  });

  it("refuses a file over the limit or the key's quota with 413, keeping nothing", async () => {
    const { key } = await server.clientFor(`uploads-${dialect}-limits`);
    const before = filesIn(uploadDir.path).length;
    const big = await upload(server, key, csvOf(5000));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({
      code: "payload_too_large",
      message: expect.stringMatching(/upload limit of 200 KB \(SALESTOUCH_UPLOAD_LIMIT\)/),
    });
    expect(big.body.error!.hint).toMatch(/SALESTOUCH_UPLOAD_LIMIT/);
    // Without a Content-Length the limit is found while streaming; the client still reads the 413.
    const streamed = await chunkedUpload(server.url, key, csvOf(5000));
    expect(streamed.status).toBe(413);
    expect(streamed.body).toMatch(/upload limit of 200 KB/);
    expect((await upload(server, key, csvOf(2000))).status).toBe(201); // ~90 KB
    expect((await upload(server, key, csvOf(2000, 2000))).status).toBe(201);
    expect((await upload(server, key, csvOf(2000, 4000))).status).toBe(201);
    const over = await upload(server, key, csvOf(2000, 6000));
    expect(over.status).toBe(413);
    expect(over.body.error!.message).toMatch(/quota \(SALESTOUCH_UPLOAD_QUOTA\)/);
    expect(filesIn(uploadDir.path).length).toBe(before + 6); // three uploads, a file and a record each
    const wrongType = await upload(server, key, "{}", "application/json");
    expect(wrongType.status).toBe(415);
  });

  // The counts come from the process running the import, on both dialects (tests/import-progress.test.ts follows a server process).
  it("shows a running import's counts with import.progress", async () => {
    const { client, key } = await server.clientFor(`uploads-${dialect}-progress`);
    const sent = await upload(server, key, csvOf(4000));
    const missionId = data(await client.run("mission.create", { name: "Progress" })).mission.id;
    const running = client.run("import.csv", { mission_id: missionId, name: "Long", upload_id: sent.body.data!.upload.upload_id });
    let seen: { rows_read: number; bytes_total: number | null; source: string } | undefined;
    for (let i = 0; i < 400 && seen === undefined; i++) {
      seen = data(await client.run("import.progress", { mission_id: missionId })).imports.find((entry) => entry.rows_read > 0);
    }
    expect(seen).toMatchObject({ source: "upload_id", bytes_total: sent.body.data!.upload.size_bytes });
    expect(data(await running).created_count).toBe(4000);
    expect(data(await client.run("import.progress", {})).imports).toEqual([]);
  });

  it("keeps nothing of an upload interrupted midway", async () => {
    const { key } = await server.clientFor(`uploads-${dialect}-cut`);
    const before = filesIn(uploadDir.path).sort();
    const url = new URL(`${server.url}/api/v1/uploads`);
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "content-type": "text/csv", "content-length": "150000", authorization: `Bearer ${key}` },
      });
      req.on("error", () => resolve());
      req.write(csvOf(500));
      setTimeout(() => {
        expect(filesIn(uploadDir.path).some((name) => name.endsWith(".part"))).toBe(true);
        req.destroy();
        resolve();
      }, 300);
    });
    for (let i = 0; i < 50 && filesIn(uploadDir.path).length !== before.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(filesIn(uploadDir.path).sort()).toEqual(before);
  });
});

describe("the CLI in remote mode", () => {
  let server: TestServer;
  const uploadDir = tempDir("salestouch-uploads-");
  const sandbox = cliSandbox();

  beforeAll(async () => {
    server = await startTestServer({ env: { SALESTOUCH_UPLOAD_DIR: uploadDir.path } });
  });
  afterAll(async () => {
    await server.stop();
    uploadDir.remove();
    sandbox.remove();
  });

  it("uploads a csv_path and imports its upload_id, with no progress bar when stderr is not a terminal", async () => {
    const missionId = data(await server.client.run("mission.create", { name: "From the CLI" })).mission.id;
    writeFileSync(join(sandbox.cwd, "export.csv"), csvOf(20_000));
    const env = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: server.key };
    const input = JSON.stringify({ mission_id: missionId, name: "Export", csv_path: "export.csv" });
    const result = await sandbox.run(["commands", "run", "import.csv", "--input-json", input], { env });
    expect(result.stderr).not.toMatch(/uploading/);
    expect(result.code, result.stderr).toBe(0);
    const imports = data(await server.client.run("import.list", { mission_id: missionId })).imports;
    expect(imports).toMatchObject([{ name: "Export", created_count: 20_000 }]);
    const missing = await sandbox.run(
      ["commands", "run", "import.csv", "--input-json", JSON.stringify({ mission_id: missionId, name: "X", csv_path: "nope.csv" })],
      { env },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv is not a readable file/);
  });
});

describe("a server killed in the middle of an import", () => {
  it("leaves no half import, and the upload imports whole after a restart", async () => {
    const dir = tempDir();
    const databaseFile = join(dir.path, "killed.db");
    // debug: the server logs "import progress" every 10,000 rows, which is when it is killed.
    const env = { DATABASE_URL: databaseFile, SALESTOUCH_UPLOAD_DIR: join(dir.path, "uploads"), SALESTOUCH_LOG_LEVEL: "debug" };
    try {
      const first = await spawnServer(env);
      // Not about approvals: the first key runs imports without a person, as default_permission says.
      const relax = await openRuntime({ databaseUrl: databaseFile, validateOutputs: false });
      await relax.policy.removeStartingRules((await relax.store.repositories.workspaces.findByName("default"))!.id);
      await relax.close();
      const client = createClient({ baseUrl: first.url, apiKey: first.key! });
      const missionId = data(await client.run("mission.create", { name: "Killed" })).mission.id;
      writeFileSync(join(dir.path, "big.csv"), csvOf(60_000));
      const uploaded = await client.uploadCsv(join(dir.path, "big.csv"));
      const running = client.run("import.csv", { mission_id: missionId, name: "Big", upload_id: uploaded.upload_id }).catch(() => "cut off");
      // Killed once the open transaction holds 10,000 rows.
      for (let i = 0; i < 600 && !first.output().includes('"msg":"import progress"'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(first.output()).toContain('"msg":"import progress"');
      first.child.kill("SIGKILL");
      await first.exited;
      expect(await running).toBe("cut off");

      const local = await openRuntime({ databaseUrl: databaseFile, validateOutputs: false });
      try {
        const principal = await local.keys.localPrincipal();
        const imports = await local.runtime.execute("import.list", { mission_id: missionId }, { principal });
        expect((imports.data as { imports: unknown[] }).imports).toEqual([]);
        const leads = await local.runtime.execute("lead.search", { mission_id: missionId, limit: 1 }, { principal });
        expect((leads.data as { leads: unknown[] }).leads).toEqual([]);
      } finally {
        await local.close();
      }

      const second = await spawnServer(env);
      try {
        const again = createClient({ baseUrl: second.url, apiKey: first.key! });
        const result = data(await again.run("import.csv", { mission_id: missionId, name: "Big", upload_id: uploaded.upload_id }));
        expect(result).toMatchObject({ created_count: 60_000, already_exists: false });
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      dir.remove();
    }
  }, 120_000);
});
