// Large databases for the benchmarks, built fast: the runtime migrates a fresh SQLite file and
// makes its workspace, a mission and a key (so every row a command needs exists the way the
// commands make it), then the bulk rows go in as raw inserts through the store's own schema,
// 50,000 to a transaction. A million leads take about a minute instead of an hour of API calls.
// Fixtures are cached on disk (keyed by their shape and the store's migrations), so later rounds
// and later runs reuse them.
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { personCells } from "./lead-data.js";

export interface FixtureShape {
  /** Leads in the workspace, every one linked to the fixture's mission. */
  leads: number;
  /** Missions in the workspace besides the fixture's own. */
  missions: number;
  /** API keys in the workspace besides the one returned. */
  keys: number;
}

export interface Fixture {
  file: string;
  missionId: string;
  /** A working API key of the fixture's workspace (all scopes). */
  key: string;
}

const VERSION = 1;
const BATCH = 50_000;
const STAMP = "2026-01-01T00:00:00.000Z";

function cacheDir(): string {
  return process.env["SALESTOUCH_BENCH_CACHE"] ?? join(tmpdir(), "salestouch-bench-fixtures");
}

/** The store's migrations by name: a fixture built under other migrations is rebuilt. */
function migrationsKey(root: string): string {
  const names = readdirSync(join(root, "packages/store/dist/migrations")).filter((n) => n.endsWith(".js"));
  return createHash("sha256").update(names.sort().join("\n")).digest("hex").slice(0, 10);
}

const pad = (i: number): string => String(i).padStart(12, "0");

/** A copy of the cached fixture at `target` (benchmarks write to their copy); built first when missing. */
export async function fixture(root: string, shape: FixtureShape, target: string): Promise<Fixture> {
  const name = `v${VERSION}-${migrationsKey(root)}-l${shape.leads}-m${shape.missions}-k${shape.keys}`;
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const cached = join(dir, `${name}.db`);
  const meta = join(dir, `${name}.json`);
  if (!existsSync(cached) || !existsSync(meta)) {
    // Fixtures of older migrations or versions are never read again: make room first.
    const current = `v${VERSION}-${migrationsKey(root)}-`;
    for (const old of readdirSync(dir)) if (!old.startsWith(current)) rmSync(join(dir, old), { force: true });
    await build(root, shape, cached, meta);
  }
  copyFileSync(cached, target);
  return { file: target, ...(JSON.parse(readFileSync(meta, "utf8")) as Omit<Fixture, "file">) };
}

interface HostModule {
  openRuntime(options: { databaseUrl: string; validateOutputs: boolean }): Promise<{
    runtime: { execute(command: string, input: unknown, ctx: unknown): Promise<{ ok: boolean; data: { mission: { id: string } } }> };
    keys: { localPrincipal(): Promise<unknown>; create(options: { name: string }): Promise<{ key: string }> };
    close(): Promise<void>;
  }>;
}

async function build(root: string, shape: FixtureShape, file: string, meta: string): Promise<void> {
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const host = (await import(pathToFileURL(join(root, "packages/host/dist/index.js")).href)) as HostModule;
  const local = await host.openRuntime({ databaseUrl: building, validateOutputs: false });
  const principal = await local.keys.localPrincipal();
  const mission = await local.runtime.execute("mission.create", { name: "Fixture mission" }, { principal });
  if (!mission.ok) throw new Error("fixture: mission.create failed");
  const { key } = await local.keys.create({ name: "bench" });
  await local.close();

  const db = new Database(building);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const missionId = mission.data.mission.id;
  const workspaceId = (db.prepare("select workspace_id from missions where id = ?").get(missionId) as { workspace_id: string }).workspace_id;
  insertLeads(db, workspaceId, missionId, shape.leads);
  insertMissions(db, workspaceId, shape.missions);
  insertKeys(db, workspaceId, shape.keys);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("analyze");
  db.close();
  renameSync(building, file);
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
  writeFileSync(meta, `${JSON.stringify({ missionId, key })}\n`);
}

/** Leads like the import's (lead-data.ts), each linked to the mission: one in ten Contacted, one in fifty Replied. */
function insertLeads(db: Database.Database, workspaceId: string, missionId: string, count: number): void {
  const lead = db.prepare(
    `insert into leads (id, workspace_id, first_name, last_name, full_name, email, email_key, linkedin_url, linkedin_key,
      company, job_title, location, score, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = db.prepare("insert into mission_leads (mission_id, lead_id, workspace_id, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?)");
  const docs = db.prepare("insert into lead_search_docs (lead_id) select id from leads where id >= ? and id <= ? order by id");
  const fts = db.prepare(`insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
    select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline
    from lead_search_docs d join leads l on l.id = d.lead_id where d.lead_id >= ? and d.lead_id <= ?`);
  const status = (i: number): string => (i % 50 === 0 ? "Replied" : i % 10 === 0 ? "Contacted" : "New");
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH);
    db.transaction(() => {
      for (let i = from; i < to; i++) {
        const [first, last, email, linkedin, company, title, location, score] = personCells(i) as [string, ...string[]];
        const id = `lead_${pad(i)}`;
        lead.run(
          id,
          workspaceId,
          first,
          last,
          `${first} ${last}`,
          email,
          email,
          linkedin,
          linkedin!.split("/in/")[1],
          company,
          title,
          location,
          Number(score),
          STAMP,
          STAMP,
        );
        link.run(missionId, id, workspaceId, status(i), STAMP, STAMP);
      }
      docs.run(`lead_${pad(from)}`, `lead_${pad(to - 1)}`);
      fts.run(`lead_${pad(from)}`, `lead_${pad(to - 1)}`);
    })();
  }
  const contacted = Math.floor((count - 1) / 10) + 1;
  const replied = Math.floor((count - 1) / 50) + 1;
  db.prepare(
    `insert into mission_stats (mission_id, workspace_id, leads, contacted, replied) values (?, ?, ?, ?, ?)
      on conflict (mission_id) do update set leads = excluded.leads, contacted = excluded.contacted, replied = excluded.replied`,
  ).run(missionId, workspaceId, count, count === 0 ? 0 : contacted, count === 0 ? 0 : replied);
}

function insertMissions(db: Database.Database, workspaceId: string, count: number): void {
  const mission = db.prepare(
    `insert into missions (id, workspace_id, name, name_search, status, example_messages_json, created_at, updated_at)
      values (?, ?, ?, ?, 'active', '[]', ?, ?)`,
  );
  for (let from = 0; from < count; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        // Ids below the runtime's (time-ordered) ones: older missions.
        const id = `mis_00${pad(i)}`;
        mission.run(id, workspaceId, `Mission ${i}`, `mission ${i}`, STAMP, STAMP);
      }
    })();
  }
}

/** Keys that work like any other (stored as a hash), none of which the benchmark uses. */
function insertKeys(db: Database.Database, workspaceId: string, count: number): void {
  const key = db.prepare(
    `insert into api_keys (id, workspace_id, name, display_prefix, key_hash, scopes, created_at) values (?, ?, ?, ?, ?, '["*"]', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const secret = randomBytes(24).toString("base64url");
      key.run(
        `key_00${pad(i)}`,
        workspaceId,
        `Key ${i}`,
        `st_${secret.slice(0, 6)}`,
        createHash("sha256").update(`st_${secret}`).digest("hex"),
        STAMP,
      );
    }
  })();
}
