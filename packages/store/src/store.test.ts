// The store on both dialects: the same repository tests against SQLite and the scratch PostgreSQL cluster.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS, type TestDialect } from "../../../tests/helpers/postgres.js";
import { FIXED_NOW, missionRow } from "../../../tests/helpers/store-rows.js";
import { openStore, type Store } from "./store.js";

const ws = "ws_1";
const now = FIXED_NOW;

function mission(id: string, name: string, status: "active" | "archived" = "active") {
  return missionRow({ id, workspace_id: ws, name, status });
}

/** A plain Kysely on the same database, to write rows no repository writes yet. */
function rawDatabase(dialect: TestDialect, url: string): Kysely<Record<string, Record<string, unknown>>> {
  return new Kysely({
    dialect:
      dialect === "sqlite"
        ? new SqliteDialect({ database: new Database(url) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
}

describe.each(DIALECTS)("store on %s", (dialect) => {
  let dir: string;
  let url: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "store-test-"));
    url = dialect === "sqlite" ? join(dir, "db.sqlite") : await createTestDatabase("store");
    store = await openStore({ url, poolSize: 2 });
    await store.repositories.workspaces.insert({ id: ws, name: "default", created_at: now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("openStore", () => {
    it("migrates once and reopens the same database without migrating again", async () => {
      await store.repositories.missions.insert(mission("mis_A", "Kept"));
      await store.close();
      store = await openStore({ url: dialect === "sqlite" ? `sqlite:${url}` : url, poolSize: 2 });
      expect(store.dialect).toBe(dialect);
      expect((await store.repositories.missions.get(ws, "mis_A"))?.name).toBe("Kept");
    });

    it("rolls a failed transaction back entirely", async () => {
      await expect(
        store.transaction("write", async (repos) => {
          await repos.missions.insert(mission("mis_B", "Half"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.repositories.missions.get(ws, "mis_B")).toBeUndefined();
    });

    // SQLite has one writer at a time (BEGIN IMMEDIATE), so only PostgreSQL transactions race.
    it.runIf(dialect === "postgres")("runs a transaction that lost a unique race again, where it sees the winner's row", async () => {
      let attempts = 0;
      const name = await store.transaction("write", async (repos) => {
        attempts++;
        const existing = await repos.missions.get(ws, "mis_R");
        if (existing) return existing.name;
        // Another writer commits the same id between this read and this insert.
        if (attempts === 1) await store.repositories.missions.insert(mission("mis_R", "Winner"));
        await repos.missions.insert(mission("mis_R", "Loser"));
        return "Loser";
      });
      expect([name, attempts]).toEqual(["Winner", 2]);
    });

    it("gives two concurrent creators of one workspace name the same workspace", async () => {
      const ensure = (id: string) =>
        store.transaction("write", async (repos) => {
          const existing = await repos.workspaces.findByName("racers");
          if (existing) return existing.id;
          await repos.workspaces.insert({ id, name: "racers", created_at: now });
          return id;
        });
      const [x, y] = await Promise.all([ensure("ws_x"), ensure("ws_y")]);
      expect(x).toBe(y);
      expect((await store.repositories.workspaces.list()).filter((w) => w.name === "racers")).toHaveLength(1);
    });

    it("keeps the password of a database URL out of its location", () => {
      expect(store.location).not.toMatch(/:[^/@:]+@/);
    });
  });

  describe("MissionRepository", () => {
    it("pages newest first with an opaque cursor", async () => {
      for (const id of ["mis_1", "mis_2", "mis_3", "mis_4", "mis_5"]) await store.repositories.missions.insert(mission(id, `M ${id}`));
      const first = await store.repositories.missions.list(ws, { limit: 2 });
      expect(first.items.map((m) => m.id)).toEqual(["mis_5", "mis_4"]);
      const second = await store.repositories.missions.list(ws, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((m) => m.id)).toEqual(["mis_3", "mis_2"]);
      const third = await store.repositories.missions.list(ws, { limit: 2, cursor: second.nextCursor! });
      expect(third.items.map((m) => m.id)).toEqual(["mis_1"]);
      expect(third.nextCursor).toBeNull();
    });

    it("searches names case-insensitively and takes LIKE wildcards literally", async () => {
      await store.repositories.missions.insert(mission("mis_1", "Fintech CFOs"));
      await store.repositories.missions.insert(mission("mis_2", "100% growth"));
      await store.repositories.missions.insert(mission("mis_3", "Archived fintech", "archived"));
      await store.repositories.missions.insert(mission("mis_4", "back\\slash_under"));
      expect((await store.repositories.missions.list(ws, { limit: 10, query: "FINTECH" })).items.map((m) => m.id)).toEqual(["mis_3", "mis_1"]);
      expect((await store.repositories.missions.list(ws, { limit: 10, query: "fintech", status: "active" })).items.map((m) => m.id)).toEqual([
        "mis_1",
      ]);
      expect((await store.repositories.missions.list(ws, { limit: 10, query: "%" })).items.map((m) => m.id)).toEqual(["mis_2"]);
      expect((await store.repositories.missions.list(ws, { limit: 10, query: "\\slash_" })).items.map((m) => m.id)).toEqual(["mis_4"]);
      expect((await store.repositories.missions.list(ws, { limit: 10, query: "k_s" })).items.map((m) => m.id)).toEqual([]);
    });

    it("keeps reading and writing a table another process changed under its prepared statements", async () => {
      await store.repositories.missions.insert(mission("mis_1", "Before"));
      // Every pooled connection has prepared two `select *` of missions, in and out of a transaction.
      for (let i = 0; i < 4; i++) {
        expect((await store.reads.missions.list(ws, { limit: 5 })).items.map((m) => m.name)).toEqual(["Before"]);
        await store.transaction("write", async (repos) => expect((await repos.missions.get(ws, "mis_1"))?.name).toBe("Before"));
      }
      const raw = rawDatabase(dialect, url);
      await sql`alter table missions add column later_note text`.execute(raw);
      await raw.destroy();
      // In a transaction the statement fails and the transaction runs again; alone, the statement is sent again.
      const inTransaction = await store.transaction("write", async (repos) => {
        await repos.missions.insert(mission("mis_2", "After"));
        return repos.missions.get(ws, "mis_2");
      });
      expect(inTransaction).toMatchObject({ name: "After", later_note: null });
      expect((await store.reads.missions.list(ws, { limit: 5 })).items.map((m) => [m.name, m.later_note])).toEqual([
        ["After", null],
        ["Before", null],
      ]);
    });

    it("reads a mission with its counts, its offer and its imports (newest first) in one statement", async () => {
      const repos = store.repositories;
      const offer = (id: string, workspace: string) => ({
        id,
        workspace_id: workspace,
        name: `Offer ${id}`,
        one_liner: "One line",
        value_proposition: "Value",
        description: null,
        landing_page_url: id === "off_1" ? "https://example.test/offer" : null,
        sales_brief_url: null,
        is_draft: 0,
        last_used_at: null,
        references_json: "[]",
        created_at: now,
        updated_at: now,
      });
      await repos.workspaces.insert({ id: "ws_2", name: "other", created_at: now });
      await repos.offers.insert(offer("off_1", ws));
      await repos.offers.insert(offer("off_2", "ws_2"));
      await repos.missions.insert({ ...mission("mis_1", "With offer"), offer_id: "off_1" });
      // An offer id of another workspace names no offer here.
      await repos.missions.insert({ ...mission("mis_2", "Offer elsewhere"), offer_id: "off_2" });
      await repos.missions.insert(mission("mis_3", "Bare"));
      const imported = (id: string, name: string, counts: number[]) => ({
        id,
        workspace_id: ws,
        mission_id: "mis_1",
        type: id === "imp_2" ? "csv" : "leads",
        name,
        source_url: id === "imp_2" ? "https://example.test/list.csv" : null,
        context: id === "imp_1" ? "from a fair, 'quoted' \"text\" é" : null,
        metadata_json: "{}",
        created_count: counts[0],
        skipped_count: counts[1],
        invalid_count: counts[2],
        updated_count: counts[3],
        source_hash: id,
        created_at: id === "imp_1" ? "2026-01-01T00:00:00.000Z" : "2026-01-02T00:00:00.000Z",
        updated_at: now,
      });
      await repos.imports.insert(imported("imp_1", "First", [3, 1, 0, 2]));
      await repos.imports.insert(imported("imp_2", "Second", [0, 0, 4, 0]));
      const raw = rawDatabase(dialect, url);
      await raw.insertInto("leads").values({ id: "lead_1", workspace_id: ws, created_at: now, updated_at: now }).execute();
      await raw.destroy();
      await repos.missionLeads.linkMany([
        { mission_id: "mis_1", lead_id: "lead_1", workspace_id: ws, import_id: "imp_1", status: "Replied", created_at: now, updated_at: now },
      ]);

      const found = await store.reads.missions.getDetails(ws, "mis_1");
      expect(found?.row).toEqual(expect.objectContaining({ ...mission("mis_1", "With offer"), offer_id: "off_1" }));
      expect(found?.stats).toEqual({ leads: 1, contacted: 1, replied: 1 });
      expect(found?.offer).toEqual({ name: "Offer off_1", one_liner: "One line", landing_page_url: "https://example.test/offer" });
      expect(found?.imports).toEqual([
        {
          id: "imp_2",
          type: "csv",
          name: "Second",
          created_at: "2026-01-02T00:00:00.000Z",
          created_count: 0,
          skipped_count: 0,
          invalid_count: 4,
          updated_count: 0,
          source_url: "https://example.test/list.csv",
          context: null,
        },
        {
          id: "imp_1",
          type: "leads",
          name: "First",
          created_at: "2026-01-01T00:00:00.000Z",
          created_count: 3,
          skipped_count: 1,
          invalid_count: 0,
          updated_count: 2,
          source_url: null,
          context: "from a fair, 'quoted' \"text\" é",
        },
      ]);
      // The same through a transaction, as the commands read it.
      expect(await store.transaction("read", (trx) => trx.missions.getDetails(ws, "mis_1"))).toEqual(found);
      expect(await store.reads.missions.getDetails(ws, "mis_2")).toMatchObject({
        offer: undefined,
        imports: [],
        stats: { leads: 0, contacted: 0, replied: 0 },
      });
      expect(await store.reads.missions.getDetails(ws, "mis_3")).toMatchObject({ offer: undefined, imports: [] });
      expect(await store.reads.missions.getDetails("ws_2", "mis_1")).toBeUndefined();
      expect(await store.reads.missions.getDetails(ws, "mis_none")).toBeUndefined();
    });

    it("never lets a statement outside a transaction see what the transaction wrote and rolled back", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const rolledBack = store.transaction("write", async (repos) => {
        await repos.missions.insert(mission("mis_u", "Never committed"));
        await gate;
        throw new Error("roll back");
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      // On SQLite the statement waits for the connection the transaction holds; on PostgreSQL it runs on another.
      const outside = store.repositories.missions.get(ws, "mis_u");
      const outsideRead = store.reads.missions.get(ws, "mis_u");
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await expect(rolledBack).rejects.toThrow("roll back");
      expect(await outside).toBeUndefined();
      expect(await outsideRead).toBeUndefined();
      expect(await store.transaction("read", (repos) => repos.missions.get(ws, "mis_u"))).toBeUndefined();
    });

    it("counts leads, contacted and replied as links are added and move", async () => {
      await store.repositories.missions.insert(mission("mis_1", "Stats"));
      const statuses = ["New", "Waiting", "Contacted", "Replied", "MeetingBooked", "NotInterested", "DoNotContact"];
      const raw = rawDatabase(dialect, url);
      await raw
        .insertInto("leads")
        .values(statuses.map((_, i) => ({ id: `lead_${i}`, workspace_id: ws, created_at: now, updated_at: now })))
        .execute();
      await raw.destroy();
      const link = (i: number) => ({
        mission_id: "mis_1",
        lead_id: `lead_${i}`,
        workspace_id: ws,
        import_id: null,
        status: "New",
        created_at: now,
        updated_at: now,
      });
      expect(await store.repositories.missionLeads.linkMany(statuses.map((_, i) => link(i)))).toBe(7);
      // Links that exist already are not counted twice.
      expect(await store.repositories.missionLeads.linkMany([link(0), link(1)])).toBe(0);
      for (const [i, status] of statuses.entries()) await store.repositories.missionLeads.setStatus(ws, "mis_1", `lead_${i}`, status, now);
      expect(await store.repositories.missionLeads.setStatus(ws, "mis_1", "lead_2", "Contacted", now)).toBeUndefined();
      expect(await store.repositories.missionLeads.setStatus(ws, "mis_1", "lead_3", "Contacted", now, ["New", "Waiting"])).toBeUndefined();
      const stats = await store.repositories.missions.stats(["mis_1", "mis_none"]);
      expect(stats.get("mis_1")).toEqual({ leads: 7, contacted: 4, replied: 3 });
      expect(stats.get("mis_none")).toEqual({ leads: 0, contacted: 0, replied: 0 });
      expect(await store.repositories.missions.countLinks(["mis_1"])).toEqual(new Map([["mis_1", stats.get("mis_1")]]));
    });

    it("keeps the counts exact under concurrent links and status changes", async () => {
      await store.repositories.missions.insert(mission("mis_c", "Concurrent"));
      const raw = rawDatabase(dialect, url);
      const ids = Array.from({ length: 60 }, (_, i) => `lead_c${i}`);
      await raw
        .insertInto("leads")
        .values(ids.map((id) => ({ id, workspace_id: ws, created_at: now, updated_at: now })))
        .execute();
      await raw.destroy();
      const link = (id: string) => ({
        mission_id: "mis_c",
        lead_id: id,
        workspace_id: ws,
        import_id: null,
        status: "New",
        created_at: now,
        updated_at: now,
      });
      const moves = ["Contacted", "Replied", "Waiting", "Interested", "New", "DoNotContact"];
      // Overlapping batches of links (each lead offered three times) and status changes racing each other.
      const work: Promise<unknown>[] = [];
      for (let round = 0; round < 3; round++) {
        for (let at = 0; at < ids.length; at += 10) {
          work.push(store.transaction("write", (repos) => repos.missionLeads.linkMany(ids.slice(at, at + 10).map(link))));
        }
        for (const [i, id] of ids.entries()) {
          work.push(store.transaction("write", (repos) => repos.missionLeads.setStatus(ws, "mis_c", id, moves[(i + round) % moves.length]!, now)));
        }
      }
      await Promise.all(work);
      const counted = await store.repositories.missions.countLinks(["mis_c"]);
      expect(counted.get("mis_c")!.leads).toBe(60);
      expect((await store.repositories.missions.stats(["mis_c"])).get("mis_c")).toEqual(counted.get("mis_c"));
    });
  });

  describe("ScoreRepository", () => {
    it("walks a scope a window of links at a time, whole leads only, naming the leads under another version", async () => {
      for (const id of ["mis_1", "mis_2", "mis_3", "mis_4"]) await store.repositories.missions.insert(mission(id, id));
      const raw = rawDatabase(dialect, url);
      await raw
        .insertInto("leads")
        .values(["lead_a", "lead_b", "lead_c", "lead_d"].map((id) => ({ id, workspace_id: ws, created_at: now, updated_at: now })))
        .execute();
      await raw.destroy();
      const link = (mission_id: string, lead_id: string, score_version: number | null) => ({
        mission_id,
        lead_id,
        workspace_id: ws,
        import_id: null,
        status: "New",
        ...(score_version === null ? {} : { score: 10, score_version }),
        created_at: now,
        updated_at: now,
      });
      // lead_a is in four missions, one of them under version 1; lead_c has never been scored.
      await store.repositories.missionLeads.linkMany([
        link("mis_1", "lead_a", 2),
        link("mis_2", "lead_a", 2),
        link("mis_3", "lead_a", 1),
        link("mis_4", "lead_a", 2),
        link("mis_1", "lead_b", 2),
        link("mis_1", "lead_c", null),
        link("mis_1", "lead_d", 2),
      ]);
      const scores = store.repositories.scores;
      const workspace = { workspaceId: ws };
      const walk = (after: string, links: number, force = false) => scores.staleInWindow(workspace, { after, links, version: 2, force });
      // A lead with more links than the window is read alone, whole.
      expect(await walk("", 3)).toEqual({ leadIds: ["lead_a"], last: "lead_a" });
      // The window never ends inside a lead: with room for lead_a's four links, lead_b's is left to the next.
      expect(await walk("", 4)).toEqual({ leadIds: ["lead_a"], last: "lead_a" });
      expect(await walk("lead_a", 2)).toEqual({ leadIds: ["lead_c"], last: "lead_c" });
      expect(await walk("lead_c", 2)).toEqual({ leadIds: [], last: "lead_d" });
      expect(await walk("lead_d", 2)).toEqual({ leadIds: [], last: undefined });
      expect(await walk("", 10, true)).toEqual({ leadIds: ["lead_a", "lead_b", "lead_c", "lead_d"], last: "lead_d" });
      // Scoped to a mission, only its links count.
      expect(await scores.staleInWindow({ workspaceId: ws, missionId: "mis_3" }, { after: "", links: 10, version: 2, force: false })).toEqual({
        leadIds: ["lead_a"],
        last: "lead_a",
      });
      expect(await scores.staleInWindow({ workspaceId: ws, missionId: "mis_2" }, { after: "", links: 10, version: 2, force: false })).toEqual({
        leadIds: [],
        last: "lead_a",
      });
      expect(await scores.leadIdsInScope(workspace, 3)).toEqual(["lead_a", "lead_b", "lead_c"]);
    });
  });

  describe("ApiKeyRepository", () => {
    it("revokes a key once: the second revoke reports nothing changed", async () => {
      await store.repositories.apiKeys.insert({
        id: "key_1",
        workspace_id: ws,
        name: "k",
        display_prefix: "st_x",
        key_hash: "h1",
        scopes: '["*"]',
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      });
      const outcomes = await Promise.all([store.repositories.apiKeys.revoke("key_1", now), store.repositories.apiKeys.revoke("key_1", now)]);
      expect(outcomes.sort()).toEqual([false, true]);
      expect((await store.repositories.apiKeys.findByHash("h1"))?.revoked_at).toBe(now);
    });
  });

  // Both dialects keep keys and rules in memory (access-cache.ts); none of that may outlive a change.
  describe("key and rule lookups see every change at once", () => {
    const key = {
      id: "key_1",
      workspace_id: ws,
      name: "k",
      display_prefix: "st_x",
      key_hash: "h1",
      scopes: '["*"]',
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    };
    const rule = (permission: "allow" | "ask" | "deny") => ({
      id: "prm_1",
      workspace_id: ws,
      subject: "workspace",
      target: "*",
      permission,
      created_at: now,
      updated_at: now,
    });

    it("a key revoked by another process is refused on the next lookup", async () => {
      await store.repositories.apiKeys.insert(key);
      expect((await store.repositories.apiKeys.findByHash("h1"))?.revoked_at).toBeNull();
      const other = await openStore({ url, poolSize: 1 });
      try {
        expect(await other.repositories.apiKeys.revoke("key_1", now)).toBe(true);
      } finally {
        await other.close();
      }
      expect((await store.repositories.apiKeys.findByHash("h1"))?.revoked_at).toBe(now);
    });

    it("a rule set by another process applies on the next lookup, in or out of a transaction", async () => {
      expect(await store.repositories.permissionRules.forPrincipal(ws, "key_1")).toEqual([]);
      const other = await openStore({ url, poolSize: 1 });
      try {
        await other.repositories.permissionRules.put(rule("deny"));
        expect((await store.transaction("read", (repos) => repos.permissionRules.forPrincipal(ws, "key_1"))).map((r) => r.permission)).toEqual([
          "deny",
        ]);
        await other.repositories.permissionRules.put(rule("ask"));
        expect((await store.repositories.permissionRules.forPrincipal(ws, "key_1")).map((r) => r.permission)).toEqual(["ask"]);
      } finally {
        await other.close();
      }
    });

    it("a key revoked or a rule changed with plain SQL, by anyone, applies on the next lookup", async () => {
      await store.repositories.apiKeys.insert(key);
      expect((await store.repositories.apiKeys.findByHash("h1"))?.revoked_at).toBeNull();
      expect(await store.repositories.permissionRules.forPrincipal(ws, "key_1")).toEqual([]);
      const raw = rawDatabase(dialect, url);
      try {
        await raw.updateTable("api_keys").set({ revoked_at: now }).where("id", "=", "key_1").execute();
        expect((await store.reads.apiKeys.findByHash("h1"))?.revoked_at).toBe(now);
        await raw.insertInto("permission_rules").values(rule("deny")).execute();
        expect((await store.transaction("write", (repos) => repos.permissionRules.forPrincipal(ws, "key_1"))).map((r) => r.permission)).toEqual([
          "deny",
        ]);
      } finally {
        await raw.destroy();
      }
    });

    it("a request's rules lookup reuses its key lookup's read, and the next request sees a change made in between", async () => {
      await store.repositories.apiKeys.insert(key);
      const first = await store.reads.apiKeys.findForRequest("h1");
      expect(first.row?.id).toBe("key_1");
      expect(first.read).not.toBeNull();
      expect(await store.repositories.permissionRules.forPrincipal(ws, "key_1", first.read!)).toEqual([]);
      const raw = rawDatabase(dialect, url);
      try {
        await raw.insertInto("permission_rules").values(rule("deny")).execute();
        const next = await store.reads.apiKeys.findForRequest("h1");
        expect((await store.repositories.permissionRules.forPrincipal(ws, "key_1", next.read!)).map((r) => r.permission)).toEqual(["deny"]);
        // The first request, still holding its read from before the change, is not served what the change replaced.
        expect((await store.repositories.permissionRules.forPrincipal(ws, "key_1", first.read!)).map((r) => r.permission)).toEqual(["deny"]);
        await raw.updateTable("api_keys").set({ revoked_at: now }).where("id", "=", "key_1").execute();
        expect((await store.reads.apiKeys.findForRequest("h1")).row?.revoked_at).toBe(now);
      } finally {
        await raw.destroy();
      }
    });

    it("lookups inside more transactions than the pool has connections never wait on each other", async () => {
      await store.repositories.apiKeys.insert(key);
      const runs = Array.from({ length: 8 }, () =>
        store.transaction("write", async (repos) => {
          await repos.permissionRules.forPrincipal(ws, "key_1");
          return (await repos.apiKeys.findByHash("h1"))?.id;
        }),
      );
      expect(await Promise.all(runs)).toEqual(Array(8).fill("key_1"));
    });

    it("a lookup racing a revoke in this process does not keep the key alive", async () => {
      await store.repositories.apiKeys.insert(key);
      await Promise.all([
        store.repositories.apiKeys.findByHash("h1"),
        store.repositories.apiKeys.revoke("key_1", now),
        store.repositories.apiKeys.findByHash("h1"),
      ]);
      expect((await store.repositories.apiKeys.findByHash("h1"))?.revoked_at).toBe(now);
    });

    it("a rule read inside a transaction that rolls back is forgotten with it", async () => {
      await expect(
        store.transaction("write", async (repos) => {
          await repos.permissionRules.put(rule("deny"));
          expect(await repos.permissionRules.forPrincipal(ws, null)).toHaveLength(1);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await store.repositories.permissionRules.forPrincipal(ws, null)).toEqual([]);
    });
  });
});

describe("openStore URLs", () => {
  it("rejects a URL it cannot open with a message naming the accepted forms, without its password", async () => {
    await expect(openStore({ url: "mysql://u:secret@h/db" })).rejects.toThrow(/sqlite:<path>.*postgres:\/\//);
    await expect(openStore({ url: "mysql://u:secret@h/db" })).rejects.not.toThrow(/secret/);
  });
});
