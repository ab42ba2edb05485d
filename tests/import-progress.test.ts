// import.progress during an import, on both dialects: the built server as a child process runs a
// large import in one transaction while another connection polls import.progress over HTTP and
// sees its rows grow before the import answers; import.leads reports the same way. Nothing of the
// import is in the database until it commits (import.list is empty meanwhile), so the counts come
// from the process that runs it (docs/imports-and-leads.md, "Following an import").
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, type SalesTouchClient } from "@salestouch/client";
import { openRuntime } from "@salestouch/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { createTestDatabase, DIALECTS } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/server-process.js";
import { tempDir } from "./helpers/server.js";

const ROWS = 30_000;

function csvOf(rows: number): string {
  const lines = ["First Name,Last Name,Email,Company"];
  for (let i = 0; i < rows; i++) lines.push(`Lead,${i},lead${i}@progress.example,Company ${i % 50}`);
  return `${lines.join("\n")}\n`;
}

interface Seen {
  rows_read: number;
  created_count: number;
  source: string;
  bytes_read: number | null;
  bytes_total: number | null;
}

/** Polls import.progress for the mission until `done` settles; every sighting with rows read, in order. */
async function follow(poller: SalesTouchClient, missionId: string, done: Promise<unknown>): Promise<{ sightings: Seen[]; listedMeanwhile: number }> {
  let finished = false;
  void done.finally(() => (finished = true));
  const sightings: Seen[] = [];
  let listedMeanwhile = 0;
  while (!finished) {
    const entry = data(await poller.run("import.progress", { mission_id: missionId })).imports[0];
    if (entry && entry.rows_read > 0 && !finished) {
      sightings.push(entry);
      // Nothing of the running import is visible in the database yet: a listing taken while the
      // import is still on the board (before and after it) must be empty.
      const listed = data(await poller.run("import.list", { mission_id: missionId })).imports.length;
      const still = data(await poller.run("import.progress", { mission_id: missionId })).imports.length > 0;
      if (still) listedMeanwhile += listed;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { sightings, listedMeanwhile };
}

describe.each(DIALECTS)("import.progress during an import, the server a child process on %s", (dialect) => {
  const dir = tempDir("salestouch-progress-");
  let server: ServerProcess;
  let client: SalesTouchClient;
  let poller: SalesTouchClient;

  beforeAll(async () => {
    const databaseUrl = dialect === "postgres" ? await createTestDatabase("progress") : join(dir.path, "progress.db");
    server = await spawnServer({
      DATABASE_URL: databaseUrl,
      SALESTOUCH_UPLOAD_DIR: join(dir.path, "uploads"),
      SALESTOUCH_BODY_LIMIT: "20mb",
    });
    // Not about approvals: the first key runs imports without a person, as default_permission says.
    const local = await openRuntime({ databaseUrl, validateOutputs: false });
    try {
      const workspace = (await local.store.repositories.workspaces.findByName("default"))!;
      await local.policy.removeStartingRules(workspace.id);
      // The poller is another caller of the same workspace: another key, another connection.
      poller = createClient({ baseUrl: server.url, apiKey: (await local.keys.create({ name: "poller", workspace: "default" })).key });
    } finally {
      await local.close();
    }
    client = createClient({ baseUrl: server.url, apiKey: server.key! });
  }, 60_000);
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    dir.remove();
  });

  it("shows an upload's import growing, rows and bytes, before it answers; then nothing", async () => {
    const missionId = data(await client.run("mission.create", { name: "Followed" })).mission.id;
    writeFileSync(join(dir.path, "big.csv"), csvOf(ROWS));
    const uploaded = await client.uploadCsv(join(dir.path, "big.csv"));
    const running = client.run("import.csv", { mission_id: missionId, name: "Big", upload_id: uploaded.upload_id });
    const { sightings, listedMeanwhile } = await follow(poller, missionId, running);
    const result = data(await running);
    expect(result.created_count).toBe(ROWS);

    expect(sightings.length, "import.progress showed the running import at least twice").toBeGreaterThanOrEqual(2);
    const first = sightings[0]!;
    const last = sightings.at(-1)!;
    expect(first).toMatchObject({ source: "upload_id", bytes_total: uploaded.size_bytes });
    expect(last.rows_read).toBeGreaterThan(first.rows_read);
    expect(last.rows_read).toBeLessThan(ROWS + 1);
    expect(last.bytes_read!).toBeGreaterThan(first.bytes_read!);
    for (const [i, seen] of sightings.entries()) if (i > 0) expect(seen.rows_read).toBeGreaterThanOrEqual(sightings[i - 1]!.rows_read);
    expect(listedMeanwhile).toBe(0);

    const after = data(await poller.run("import.progress", { import_id: result.import_id }));
    expect(after.imports).toEqual([]);
    expect(after.message).toMatch(/import\.get/);
    expect(data(await poller.run("import.get", { import_id: result.import_id }))).toMatchObject({ created_count: ROWS });
  }, 120_000);

  it("follows import.leads the same way", async () => {
    const missionId = data(await client.run("mission.create", { name: "Leads followed" })).mission.id;
    const leads = Array.from({ length: 10_000 }, (_, i) => ({ first_name: "Row", last_name: `${i}`, email: `row${i}@leads-progress.example` }));
    const running = client.run("import.leads", { mission_id: missionId, name: "Rows", leads: leads as [(typeof leads)[number], ...typeof leads] });
    const { sightings } = await follow(poller, missionId, running);
    expect(data(await running).created_count).toBe(10_000);
    expect(sightings.length).toBeGreaterThanOrEqual(1);
    expect(sightings[0]).toMatchObject({ source: "leads", bytes_read: null, bytes_total: null });
  }, 120_000);
});
