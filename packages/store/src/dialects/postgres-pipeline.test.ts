// PostgreSQL transactions in fewer round trips: `begin` sent with the first statement, held writes with
// the commit, one Sync each time — counted on the wire by a proxy, with every failure rolled back whole.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWireCounter, type WireCounter } from "../../../../tests/helpers/pg-wire-counter.js";
import { createTestDatabase } from "../../../../tests/helpers/postgres.js";
import { FIXED_NOW, missionRow } from "../../../../tests/helpers/store-rows.js";
import { openStore, type Store } from "../store.js";

const ws = "ws_1";
const now = FIXED_NOW;

function mission(id: string, offerId: string | null = null) {
  return missionRow({ id, workspace_id: ws, offer_id: offerId });
}

describe("PostgreSQL transactions on the wire", () => {
  let wire: WireCounter;
  let store: Store;

  beforeEach(async () => {
    wire = await startWireCounter(await createTestDatabase("pipe"));
    // One pooled connection: every transaction below runs on the same one, after whatever failed before it.
    store = await openStore({ url: wire.url, poolSize: 1 });
    await store.repositories.workspaces.insert({ id: ws, name: "default", created_at: now });
    wire.reset();
  });
  afterEach(async () => {
    await store.close();
    await wire.close();
  });

  it("sends a transaction of held writes only as one round trip, the writes alone as one implicit transaction, and commits it", async () => {
    await store.transaction("write", (repos) => repos.missions.insert(mission("mis_1")));
    // One statement executed: no `begin`, no `commit` — the Sync commits it.
    expect(wire.counts()).toMatchObject({ roundTrips: 1, executes: 1 });
    expect((await store.reads.missions.get(ws, "mis_1"))?.name).toBe("Mission mis_1");
  });

  it("rolls back every held write of such a transaction when one fails: they are one transaction, not each its own", async () => {
    const failing = store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_a"));
      await repos.missions.insert(mission("mis_b", "off_missing"));
      await repos.missions.insert(mission("mis_c"));
    });
    await expect(failing).rejects.toMatchObject({ code: "23503" });
    // The pipeline, and nothing for the rollback: PostgreSQL rolled the implicit transaction back itself.
    expect(wire.counts().roundTrips).toBe(1);
    expect(await store.reads.missions.get(ws, "mis_a")).toBeUndefined();
    expect(await store.reads.missions.get(ws, "mis_c")).toBeUndefined();
    await store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_a"));
      await repos.missions.insert(mission("mis_c"));
    });
    expect((await store.reads.missions.list(ws, { limit: 5 })).items.map((m) => m.id)).toEqual(["mis_c", "mis_a"]);
  });

  it("keeps `begin` and `commit` around held writes of a serializable transaction", async () => {
    await store.transaction("write", (repos) => repos.missions.insert(mission("mis_s")), { serializable: true });
    expect(wire.counts()).toMatchObject({ roundTrips: 1, executes: 3 });
    expect(await store.reads.missions.get(ws, "mis_s")).toBeDefined();
  });

  it("sends `begin` with the first statement and a held write with the commit: two round trips for a read and a write", async () => {
    const found = await store.transaction("write", async (repos) => {
      const before = await repos.missions.get(ws, "mis_2");
      await repos.missions.insert(mission("mis_2"));
      return before;
    });
    expect(found).toBeUndefined();
    expect(wire.counts().roundTrips).toBe(2);
    expect(await store.reads.missions.get(ws, "mis_2")).toBeDefined();
  });

  it("sends a held write before the next statement of its transaction, which sees it", async () => {
    const seen = await store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_3"));
      return repos.missions.get(ws, "mis_3");
    });
    expect(seen?.id).toBe("mis_3");
    // begin, insert and the read in one; then the commit.
    expect(wire.counts().roundTrips).toBe(2);
  });

  it("sends nothing for a transaction that sent no statement, or rolled back only held writes", async () => {
    await store.transaction("write", async () => undefined);
    await expect(
      store.transaction("write", async (repos) => {
        await repos.missions.insert(mission("mis_4"));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(wire.counts().roundTrips).toBe(0);
    expect(await store.reads.missions.get(ws, "mis_4")).toBeUndefined();
  });

  it("fails the whole transaction when a held write fails at commit, with PostgreSQL's error, and keeps the connection usable", async () => {
    const failing = store.transaction("write", async (repos) => {
      await repos.workspaces.insert({ id: "ws_2", name: "second", created_at: now });
      await repos.missions.insert(mission("mis_5"));
      // No such offer: the foreign key refuses the held insert when the commit sends it.
      await repos.missions.insert(mission("mis_6", "off_missing"));
      return "committed";
    });
    await expect(failing).rejects.toMatchObject({ code: "23503" });
    expect(await store.reads.workspaces.get("ws_2")).toBeUndefined();
    expect(await store.reads.missions.get(ws, "mis_5")).toBeUndefined();
    // The same (only) connection runs the next transaction normally.
    await store.transaction("write", (repos) => repos.missions.insert(mission("mis_7")));
    expect(await store.reads.missions.get(ws, "mis_7")).toBeDefined();
  });

  it("rolls back a transaction whose first statement, sent with `begin`, fails — nothing after it runs", async () => {
    const failing = store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_8"));
      // A link to a lead that does not exist: refused, in the same round trip as begin and the held insert.
      await repos.missionLeads.linkMany([
        { mission_id: "mis_8", lead_id: "lead_missing", workspace_id: ws, import_id: null, status: "New", created_at: now, updated_at: now },
      ]);
      await repos.missions.insert(mission("mis_9"));
    });
    await expect(failing).rejects.toMatchObject({ code: "23503" });
    expect(await store.reads.missions.get(ws, "mis_8")).toBeUndefined();
    expect(await store.reads.missions.get(ws, "mis_9")).toBeUndefined();
    const again = await store.transaction("write", async (repos) => {
      await repos.missions.insert(mission("mis_8"));
      return repos.missions.get(ws, "mis_8");
    });
    expect(again?.id).toBe("mis_8");
  });

  it("runs a transaction that lost a unique race at commit again, where it sees the winner's row", async () => {
    let attempts = 0;
    const name = await store.transaction("write", async (repos) => {
      attempts++;
      const existing = await repos.missions.get(ws, "mis_R");
      if (existing) return existing.name;
      // Another process commits the same id between this read and this (held) insert.
      if (attempts === 1) {
        const other = await openStore({ url: wire.url, poolSize: 1 });
        await other.repositories.missions.insert({ ...mission("mis_R"), name: "Winner" });
        await other.close();
      }
      await repos.missions.insert({ ...mission("mis_R"), name: "Loser" });
      return "Loser";
    });
    expect([name, attempts]).toEqual(["Winner", 2]);
  });
});
