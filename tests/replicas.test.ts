// Two real server processes on one PostgreSQL database, as behind a load balancer: what one writes
// the other reads, what must happen once happens once (imports, idempotency keys, approvals), a
// revoked key is refused by both at once, and killing one mid-request leaves nothing half-written
// while the other keeps serving.
import type { Envelope } from "@salestouch/contracts";
import { openRuntime, type LocalRuntime } from "@salestouch/host";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/server-process.js";

let databaseUrl: string;
let a: ServerProcess;
let b: ServerProcess;
let key: string;
/** The test's own view of the database, for creating and revoking keys. */
let local: LocalRuntime;

async function run(server: ServerProcess, commandId: string, input: unknown, apiKey = key): Promise<Envelope & { httpStatus: number }> {
  const res = await fetch(`${server.url}/api/v1/commands/${commandId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ input }),
  });
  return { ...((await res.json()) as Envelope), httpStatus: res.status };
}

async function newMission(server: ServerProcess, name: string): Promise<string> {
  const created = await run(server, "mission.create", { name });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return (created.data as { mission: { id: string } }).mission.id;
}

function leads(count: number, tag: string): Record<string, string>[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Person ${i}`, email: `${tag}-${i}@example.com`, company: "Acme" }));
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase("replicas");
  const env = { DATABASE_URL: databaseUrl, SALESTOUCH_DATABASE_URL: "" };
  // Both start at once: migrations and the first workspace must still happen once.
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  key = (a.key ?? b.key)!;
  local = await openRuntime({ databaseUrl });
  // Not about approvals: the first key runs imports without a person, as default_permission says.
  await local.policy.removeStartingRules((await local.store.repositories.workspaces.findByName("default"))!.id);
});
afterAll(async () => {
  for (const server of [a, b]) if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await Promise.all([a?.exited, b?.exited]);
  await local?.close();
});

describe("two server replicas on one PostgreSQL database", () => {
  it("start together on a fresh database with one schema and one default workspace", async () => {
    expect(key).toMatch(/^st_/);
    const workspaces = await local.store.repositories.workspaces.list();
    expect(workspaces.filter((w) => w.name === "default")).toHaveLength(1);
  });

  it("reads on one replica what the other wrote", async () => {
    const id = await newMission(a, "Written on A");
    const read = await run(b, "mission.get", { mission_id: id });
    expect(read.ok && (read.data as { mission: { name: string } }).mission.name).toBe("Written on A");
  });

  it("creates every mission of concurrent storms on both replicas exactly once", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `Storm ${i}`);
    const results = await Promise.all(names.map((name, i) => run(i % 2 ? a : b, "mission.create", { name })));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ids = results.map((r) => (r.data as { mission: { id: string } }).mission.id);
    expect(new Set(ids).size).toBe(40);
    for (const server of [a, b]) {
      const listed = await run(server, "mission.list", { query: "storm", limit: 100 });
      expect((listed.data as { missions: unknown[] }).missions).toHaveLength(40);
    }
  });

  it("answers concurrent imports of one source with one import and already_exists for the others", async () => {
    const missionId = await newMission(a, "Import race");
    const input = { mission_id: missionId, name: "Same source", leads: leads(300, "race") };
    const results = await Promise.all([a, b, a, b, a, b].map((server) => run(server, "import.leads", input)));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const fresh = results.filter((r) => !(r.data as { already_exists: boolean }).already_exists);
    expect(fresh).toHaveLength(1);
    const listed = await run(b, "import.list", { mission_id: missionId });
    expect((listed.data as { imports: unknown[] }).imports).toHaveLength(1);
    const stats = await run(a, "mission.get", { mission_id: missionId });
    expect((stats.data as { mission: { stats: { leads: number } } }).mission.stats.leads).toBe(300);
  });

  it("refuses a key on both replicas as soon as it is revoked", async () => {
    const created = await local.keys.create({ name: "revoked soon" });
    for (const server of [a, b]) expect((await run(server, "mission.list", {}, created.key)).httpStatus).toBe(200);
    await local.keys.revoke(created.row.id);
    for (const server of [a, b]) expect((await run(server, "mission.list", {}, created.key)).httpStatus).toBe(401);
  });

  it("runs a call retried on both replicas with one idempotency key once", async () => {
    const post = (server: ServerProcess) =>
      fetch(`${server.url}/api/v1/commands/mission.create`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": "replicas-idem-1" },
        body: JSON.stringify({ input: { name: "Idempotent across replicas" } }),
      }).then(async (res) => (await res.json()) as Envelope);
    const results = await Promise.all([post(a), post(b), post(a), post(b)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.data as { mission: { id: string } }).mission.id)).size).toBe(1);
    const listed = await run(b, "mission.list", { query: "idempotent across", limit: 10 });
    expect((listed.data as { missions: unknown[] }).missions).toHaveLength(1);
  });

  it("runs an approved call once when both replicas approve it at the same moment", async () => {
    const agent = await local.keys.create({
      name: "agent",
      workspace: "replica-approvals",
      permissions: [{ target: "missions", permission: "ask" }],
    });
    const person = await local.keys.create({ name: "person", workspace: "replica-approvals", scopes: ["*", "approvals.decide"] });
    const heldCall = await run(a, "mission.create", { name: "Approved once" }, agent.key);
    expect(heldCall.status).toBe(202);
    const approve = (server: ServerProcess) =>
      fetch(`${server.url}/api/v1/approvals/${heldCall.meta.approval_request_id}/approve`, {
        method: "POST",
        headers: { authorization: `Bearer ${person.key}`, "content-type": "application/json" },
        body: "{}",
      }).then((res) => res.status);
    const statuses = await Promise.all([approve(a), approve(b), approve(a), approve(b)]);
    expect(statuses.sort()).toEqual([200, 409, 409, 409]);
    const listed = await run(b, "mission.list", { query: "approved once" }, person.key);
    expect((listed.data as { missions: unknown[] }).missions).toHaveLength(1);
  });

  it("keeps serving on one replica when the other is killed mid-import, with nothing half-written", async () => {
    const missionId = await newMission(b, "Killed import");
    const input = { mission_id: missionId, name: "Big source", leads: leads(10_000, "killed") };
    let settled = false;
    const pending = run(a, "import.leads", input)
      .catch((error: unknown) => error)
      .finally(() => (settled = true));
    await untilTransactionOpen(a, () => settled);
    a.child.kill("SIGKILL");
    await a.exited;
    expect(await pending).toBeInstanceOf(Error);
    const listed = await run(b, "import.list", { mission_id: missionId });
    expect((listed.data as { imports: unknown[] }).imports).toEqual([]);
    // The same source imports in full on the surviving replica: no half-import stands in its way.
    const again = await run(b, "import.leads", input);
    expect(again.data).toMatchObject({ already_exists: false, created_count: 10_000 });
  });
});

/** Waits until replica A holds an open write transaction (the import is under way). */
async function untilTransactionOpen(server: ServerProcess, answered: () => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null",
      );
      if (Number(rows[0]!.n) > 0) return;
      if (server.child.exitCode !== null) throw new Error(`replica exited early: ${server.output()}`);
      if (answered()) throw new Error("the import answered before its transaction was seen; it should take longer than that");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await client.end();
  }
}
