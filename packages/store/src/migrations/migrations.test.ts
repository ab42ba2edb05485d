// Migrations that reshape data, each applied to a database written before it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../dialects/sqlite.js";
import { LeadRepository } from "../repositories/leads.js";
import type { Database as Schema } from "../schema.js";
import { openStore, type Store } from "../store.js";
import { migrationProvider } from "./index.js";

const now = "2026-01-01T00:00:00.000Z";

describe("0007-contentless-search-index", () => {
  let dir: string;
  let file: string;
  let store: Store | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "fts-migration-"));
    file = join(dir, "db.sqlite");
    // The store's own SQLite connection: its statement cache runs the bulk inserts row by row (dialects/each-row.ts).
    const connection = openSqlite(file);
    const db = connection.db;
    const { error } = await new Migrator({ db, provider: migrationProvider("sqlite") }).migrateTo("0006-rate-limit-windows");
    expect(error).toBeUndefined();
    await db.insertInto("workspaces").values({ id: "ws_1", name: "default", created_at: now }).execute();
    await new LeadRepository(db, "sqlite").insertMany(
      ["Ada Lovelace", "Grace Hopper"].map((name, i) => ({
        id: `lead_${i}`,
        workspace_id: "ws_1",
        full_name: name,
        first_name: name.split(" ")[0]!,
        last_name: name.split(" ")[1]!,
        email_key: `p${i}@example.com`,
        experience_json: "[]",
        education_json: "[]",
        do_not_contact: 0,
        created_at: now,
        updated_at: now,
      })),
    );
    await connection.close();
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const search = (text: string) =>
    store!.repositories.leadSearch.search("ws_1", { text, sort: "relevance", limit: 20, offset: 0 }).then((rows) => rows.map((r) => r.id));

  it("rebuilds the index from the leads, which then follows updates and deletes", async () => {
    store = await openStore({ url: file });
    expect(await search("lovelace")).toEqual(["lead_0"]);
    expect(await search("gra")).toEqual(["lead_1"]);
    await store.repositories.leads.update("ws_1", "lead_0", { last_name: "Byron", full_name: "Ada Byron" });
    expect(await search("lovelace")).toEqual([]);
    expect(await search("byron")).toEqual(["lead_0"]);
    const raw = new Database(file);
    raw.prepare("delete from leads where id = 'lead_1'").run();
    raw.close();
    expect(await search("hopper")).toEqual([]);
  });

  it("keeps no copy of the searched columns", async () => {
    store = await openStore({ url: file });
    const raw = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const tables = await sql<{ name: string }>`select name from sqlite_master where name like 'leads_fts%'`.execute(raw);
    await raw.destroy();
    expect(tables.rows.map((r) => r.name)).not.toContain("leads_fts_content");
  });
});

describe("0015-search-index-prefixes", () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds the index with every prefix length a word is searched by, and searches still find, rank and follow updates", async () => {
    dir = mkdtempSync(join(tmpdir(), "fts-prefixes-"));
    const file = join(dir, "db.sqlite");
    // The store's own SQLite connection: its statement cache runs the bulk inserts row by row (dialects/each-row.ts).
    const connection = openSqlite(file);
    const db = connection.db;
    const { error } = await new Migrator({ db, provider: migrationProvider("sqlite") }).migrateTo("0014-scores-without-breakdown");
    expect(error).toBeUndefined();
    await db.insertInto("workspaces").values({ id: "ws_1", name: "default", created_at: now }).execute();
    const people = [
      ["Ada Lovelace", "Analytical Engines 4", "CFO", null],
      ["Grace Hopper", "Procurement Systems 41", "Head of Data", "Analytical mind"],
    ] as const;
    await new LeadRepository(db, "sqlite").insertMany(
      people.map(([name, company, title, headline], i) => ({
        id: `lead_${i}`,
        workspace_id: "ws_1",
        full_name: name,
        first_name: name.split(" ")[0]!,
        last_name: name.split(" ")[1]!,
        company,
        job_title: title,
        headline,
        email_key: `p${i}@example.com`,
        experience_json: "[]",
        education_json: "[]",
        do_not_contact: 0,
        created_at: now,
        updated_at: now,
      })),
    );
    await connection.close();
    store = await openStore({ url: file });
    const search = (filter: { text?: string; firstName?: string; lastName?: string }) =>
      store!.repositories.leadSearch.search("ws_1", { ...filter, sort: "relevance", limit: 20, offset: 0 }).then((rows) => rows.map((r) => r.id));
    expect(await search({ text: "4" })).toEqual(["lead_1", "lead_0"]);
    expect(await search({ text: "41" })).toEqual(["lead_1"]);
    expect(await search({ text: "procurement" })).toEqual(["lead_1"]);
    expect(await search({ text: "analytical" })).toEqual(["lead_0", "lead_1"]);
    expect(await search({ firstName: "gra", lastName: "hopp" })).toEqual(["lead_1"]);
    await store.repositories.leads.update("ws_1", "lead_0", { company: "Babbage & Co" });
    expect(await search({ text: "analytical" })).toEqual(["lead_1"]);
    const raw = new Database(file);
    const definition = raw.prepare("select sql from sqlite_master where name = 'leads_fts'").pluck().get() as string;
    raw.close();
    expect(definition).toMatch(/detail = column/);
    expect(definition).toMatch(/prefix = '1 2 3 4 5 6 7 8 9 10 11 12'/);
  });
});

describe("0020-search-index-pending-terms", () => {
  it("bounds the new terms the search index gathers in memory, for every connection that opens the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fts-pending-"));
    try {
      const file = join(dir, "db.sqlite");
      const store = await openStore({ url: file });
      await store.close();
      const raw = new Database(file);
      const hashsize = raw.prepare("select v from leads_fts_config where k = 'hashsize'").pluck().get();
      raw.close();
      expect(hashsize).toBe(262_144);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("0008-created-leads-by-link", () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps what older imports recorded: their leads are listed and attributed as before", async () => {
    dir = mkdtempSync(join(tmpdir(), "created-migration-"));
    const file = join(dir, "db.sqlite");
    // The store's own SQLite connection: its statement cache runs the bulk inserts row by row (dialects/each-row.ts).
    const connection = openSqlite(file);
    const db = connection.db;
    const { error } = await new Migrator({ db, provider: migrationProvider("sqlite") }).migrateTo("0007-contentless-search-index");
    expect(error).toBeUndefined();
    await db.insertInto("workspaces").values({ id: "ws_1", name: "default", created_at: now }).execute();
    await db
      .insertInto("missions")
      .values({
        id: "mis_1",
        workspace_id: "ws_1",
        name: "M",
        name_search: "m",
        status: "active",
        description: null,
        target_audience: null,
        desired_action: null,
        cta_url: null,
        tone_instructions: null,
        example_messages_json: "[]",
        offer_id: null,
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await db
      .insertInto("imports")
      .values({
        id: "imp_1",
        workspace_id: "ws_1",
        mission_id: "mis_1",
        type: "manual",
        name: "Old",
        source_url: null,
        context: null,
        metadata_json: "{}",
        created_at: now,
        updated_at: now,
      } as never)
      .execute();
    await new LeadRepository(db, "sqlite").insertMany(
      ["lead_1", "lead_2", "lead_3"].map((id) => ({
        id,
        workspace_id: "ws_1",
        email_key: `${id}@example.com`,
        experience_json: "[]",
        education_json: "[]",
        do_not_contact: 0,
        created_at: now,
        updated_at: now,
      })),
    );
    await db
      .insertInto("mission_leads")
      .values(
        ["lead_1", "lead_2", "lead_3"].map((lead_id) => ({
          mission_id: "mis_1",
          lead_id,
          workspace_id: "ws_1",
          import_id: "imp_1",
          status: lead_id === "lead_3" ? "Replied" : "New",
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto("import_leads")
      .values([
        { import_id: "imp_1", lead_id: "lead_1", workspace_id: "ws_1", outcome: "created" },
        { import_id: "imp_1", lead_id: "lead_2", workspace_id: "ws_1", outcome: "created" },
        { import_id: "imp_1", lead_id: "lead_3", workspace_id: "ws_1", outcome: "skipped" },
      ])
      .execute();
    await connection.close();

    store = await openStore({ url: file });
    const record = (await store.repositories.imports.get("ws_1", "imp_1"))!;
    expect(record).toMatchObject({ created_leads_from: null, created_leads_to: null });
    expect((await store.repositories.imports.leads("ws_1", record, { limit: 10 })).items.map((l) => l.id)).toEqual(["lead_3", "lead_2", "lead_1"]);
    expect(await store.repositories.imports.leadIds(record, "created", 10)).toEqual(["lead_1", "lead_2"]);
    expect(await store.repositories.imports.leadIds(record, "skipped", 10)).toEqual(["lead_3"]);
    expect((await store.repositories.imports.ofLead("ws_1", "lead_1")).map((i) => [i.id, i.outcome])).toEqual([["imp_1", "created"]]);
    expect((await store.repositories.imports.ofLead("ws_1", "lead_3")).map((i) => [i.id, i.outcome])).toEqual([["imp_1", "skipped"]]);
    // 0013-mission-stats counted the links that were there.
    expect((await store.repositories.missions.stats(["mis_1"])).get("mis_1")).toEqual({ leads: 3, contacted: 1, replied: 1 });
  });
});

describe("a migration that lands after higher-numbered ones", () => {
  it("is applied to a database that already ran them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "late-migration-"));
    const file = join(dir, "db.sqlite");
    try {
      // The database as it was before 0011 landed, though it had run every later migration.
      const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(file) }) });
      const without = {
        async getMigrations() {
          const all = await migrationProvider("sqlite").getMigrations();
          delete all["0011-console-sessions"];
          return all;
        },
      };
      expect((await new Migrator({ db, provider: without }).migrateToLatest()).error).toBeUndefined();
      await db.destroy();
      const store = await openStore({ url: file });
      await store.close();
      const raw = new Database(file);
      const names = raw.prepare("select name from kysely_migration order by name").all() as { name: string }[];
      const table = raw.prepare("select name from sqlite_master where type = 'table' and name = 'console_sessions'").get();
      raw.close();
      expect(names.map((n) => n.name)).toContain("0011-console-sessions");
      expect(table).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
