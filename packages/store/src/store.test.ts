import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./store.js";

let dir: string;
let store: Store;
const ws = "ws_1";
const now = "2026-01-01T00:00:00.000Z";

function mission(id: string, name: string, status: "active" | "archived" = "active") {
  return {
    id, workspace_id: ws, name, status, description: null, target_audience: null, desired_action: null, cta_url: null,
    tone_instructions: null, example_messages_json: "[]", offer_id: null, created_at: now, updated_at: now,
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "store-test-"));
  store = await openStore({ url: join(dir, "db.sqlite") });
  await store.repositories.workspaces.insert({ id: ws, name: "default", created_at: now });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("openStore on SQLite", () => {
  it("migrates once and reopens the same file without migrating again", async () => {
    await store.repositories.missions.insert(mission("mis_A", "Kept"));
    await store.close();
    store = await openStore({ url: `sqlite:${join(dir, "db.sqlite")}` });
    expect((await store.repositories.missions.get(ws, "mis_A"))?.name).toBe("Kept");
  });

  it("rejects a URL it cannot open with a message naming the accepted forms", async () => {
    await expect(openStore({ url: "mysql://u:secret@h/db" })).rejects.toThrow(/sqlite:<path>/);
    await expect(openStore({ url: "mysql://u:secret@h/db" })).rejects.not.toThrow(/secret/);
  });

  it("rolls a failed transaction back entirely", async () => {
    await expect(store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_B", "Half"));
      throw new Error("boom");
    })).rejects.toThrow("boom");
    expect(await store.repositories.missions.get(ws, "mis_B")).toBeUndefined();
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
    expect((await store.repositories.missions.list(ws, { limit: 10, query: "FINTECH" })).items.map((m) => m.id)).toEqual(["mis_3", "mis_1"]);
    expect((await store.repositories.missions.list(ws, { limit: 10, query: "fintech", status: "active" })).items.map((m) => m.id)).toEqual(["mis_1"]);
    expect((await store.repositories.missions.list(ws, { limit: 10, query: "%" })).items.map((m) => m.id)).toEqual(["mis_2"]);
  });

  it("counts leads, contacted and replied from lead statuses", async () => {
    await store.repositories.missions.insert(mission("mis_1", "Stats"));
    const statuses = ["New", "Waiting", "Contacted", "Replied", "MeetingBooked", "NotInterested", "DoNotContact"];
    const { Kysely, SqliteDialect } = await import("kysely");
    const Database = (await import("better-sqlite3")).default;
    const raw = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new SqliteDialect({ database: new Database(join(dir, "db.sqlite")) }) });
    for (const [i, status] of statuses.entries()) {
      await raw.insertInto("leads").values({ id: `lead_${i}`, workspace_id: ws, created_at: now, updated_at: now }).execute();
      await raw.insertInto("mission_leads").values({ mission_id: "mis_1", lead_id: `lead_${i}`, workspace_id: ws, status, created_at: now, updated_at: now }).execute();
    }
    await raw.destroy();
    const stats = await store.repositories.missions.stats(["mis_1"]);
    expect(stats.get("mis_1")).toEqual({ leads: 7, contacted: 4, replied: 3 });
  });
});
