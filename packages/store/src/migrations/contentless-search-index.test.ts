// Migration 0007 on a SQLite file written before it: the rebuilt index finds every lead, follows
// updates and deletes, and keeps no copy of the searched columns.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const { error } = await new Migrator({ db, provider: migrationProvider("sqlite") }).migrateTo("0006-rate-limit-windows");
    expect(error).toBeUndefined();
    await db.insertInto("workspaces").values({ id: "ws_1", name: "default", created_at: now }).execute();
    await new LeadRepository(db, "sqlite").insertMany(["Ada Lovelace", "Grace Hopper"].map((name, i) => ({
      id: `lead_${i}`, workspace_id: "ws_1", full_name: name, first_name: name.split(" ")[0]!, last_name: name.split(" ")[1]!,
      email_key: `p${i}@example.com`, experience_json: "[]", education_json: "[]", do_not_contact: 0, created_at: now, updated_at: now,
    })));
    await db.destroy();
  });
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const search = (text: string) => store!.repositories.leadSearch.search("ws_1", { text, sort: "relevance", limit: 20, offset: 0 }).then((rows) => rows.map((r) => r.id));

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
