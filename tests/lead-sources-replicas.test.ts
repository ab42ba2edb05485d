// The asynchronous lead-source callback across replicas, on PostgreSQL: two server processes on one
// database; a search import started on replica A whose source answers 202 and posts its signed pages
// to replica B's callback route (as a load balancer would send them). The import completes once, on
// A, with every row; a page posted twice is recorded once; replaying the callbacks afterwards, to
// either replica, changes nothing (docs/lead-sources.md, "Several replicas").
import { createClient, type SalesTouchClient } from "@salestouch/client";
import { openRuntime } from "@salestouch/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { freePort, sign, startLeadSource, type LeadSourceServer } from "./helpers/lead-source-server.js";
import { createTestDatabase } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/server-process.js";

const SECRET = "replica-lead-source-secret-0123";

const people = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ name: `Person ${tag} ${i}`, email: `p${i}.${tag}@replicas.example` }));

describe("a lead-source callback reaching another replica (PostgreSQL)", () => {
  let source: LeadSourceServer;
  let a: ServerProcess;
  let b: ServerProcess;
  let viaA: SalesTouchClient;
  let viaB: SalesTouchClient;
  let portA: number;
  let portB: number;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase("replicas");
    source = await startLeadSource(SECRET);
    [portA, portB] = [await freePort(), await freePort()];
    const callback = (port: number) => `http://127.0.0.1:${port}/api/v1/lead-sources/callback`;
    const env = (port: number, other: number) => ({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SALESTOUCH_LEAD_SOURCE: "webhook",
      SALESTOUCH_LEAD_SOURCE_URL: source.url,
      SALESTOUCH_LEAD_SOURCE_SECRET: SECRET,
      SALESTOUCH_LEAD_SOURCE_TIMEOUT: "20s",
      // Each replica announces the other's callback route: every callback lands on the replica that did not ask.
      SALESTOUCH_LEAD_SOURCE_CALLBACK_URL: callback(other),
    });
    b = await spawnServer(env(portB, portA));
    a = await spawnServer(env(portA, portB));
    const local = await openRuntime({ databaseUrl, validateOutputs: false });
    try {
      await local.policy.removeStartingRules((await local.store.repositories.workspaces.findByName("default"))!.id);
    } finally {
      await local.close();
    }
    viaA = createClient({ baseUrl: a.url, apiKey: b.key!, retry: false });
    viaB = createClient({ baseUrl: b.url, apiKey: b.key!, retry: false });
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) {
      server?.child.kill("SIGTERM");
      await server?.exited;
    }
    await source?.close();
  });

  it("completes the search once with every page, and a replay of its callbacks changes nothing", async () => {
    const missionId = data(await viaA.run("mission.create", { name: "Across replicas" })).mission.id;
    source.behave(() => ({ kind: "callback", pages: [people(3, "one"), people(2, "two"), people(4, "three")], postTwice: true }));
    const searchesBefore = source.searches.length;
    const result = data(await viaA.runAny("import.linkedin.search", { mission_id: missionId, keywords: "cfo replicas", source_fit: 80 })) as {
      import_id: string;
      created_count: number;
      row_count: number;
      already_exists: boolean;
    };
    expect(result).toMatchObject({ created_count: 9, row_count: 9, already_exists: false });
    expect(source.searches.length).toBe(searchesBefore + 1);
    expect(source.searches.at(-1)!.body.callback_url).toBe(`http://127.0.0.1:${portB}/api/v1/lead-sources/callback`);
    const posted = source.callbacks.slice(-6);
    expect(posted.every((c) => c.url.includes(`:${portB}/`))).toBe(true);
    // Each page went twice; the second of each was recorded already.
    expect(posted.map((c) => c.status)).toEqual([204, 204, 204, 204, 204, 204]);

    const onlyOnce = async () => {
      for (const client of [viaA, viaB]) {
        const imports = data(await client.run("import.list", { mission_id: missionId })).imports;
        expect(imports).toHaveLength(1);
        expect(imports[0]).toMatchObject({ import_id: result.import_id, created_count: 9 });
        expect(data(await client.run("mission.get", { mission_id: missionId })).mission.stats.leads).toBe(9);
      }
    };
    await onlyOnce();

    // Replayed later, to either replica, freshly signed: each page is known (204, as for a source
    // that retries after a lost answer) and changes nothing; a page the search never had is refused.
    const postTo = (port: number, body: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/lead-sources/callback`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-salestouch-signature": sign(SECRET, body) },
        body,
      });
    for (const callback of posted) for (const port of [portA, portB]) expect((await postTo(port, callback.sent)).status).toBe(204);
    const searchId = (JSON.parse(posted[0]!.sent) as { id: string }).id;
    const late = await postTo(portA, JSON.stringify({ id: searchId, people: people(5, "late") }));
    expect(late.status).toBe(404);
    expect(((await late.json()) as { error: { message: string } }).error.message).toContain("already answered");
    await onlyOnce();
    expect(data(await viaB.run("lead.search", { query: "late@replicas.example" })).leads).toEqual([]);
    // The same search through the other replica is the same import, and no new search.
    const again = data(await viaB.runAny("import.linkedin.search", { mission_id: missionId, keywords: "cfo replicas" })) as { import_id: string };
    expect(again).toMatchObject({ import_id: result.import_id, already_exists: true });
    expect(source.searches.length).toBe(searchesBefore + 1);
  }, 60_000);

  it("fails the search on A when the source posts an error to B, with nothing written", async () => {
    const missionId = data(await viaA.run("mission.create", { name: "Failing across replicas" })).mission.id;
    source.behave(() => ({ kind: "callback", pages: [people(2, "partial")], error: "quota exhausted" }));
    const envelope = await viaA.runAny("import.linkedin.search", { mission_id: missionId, keywords: "failing replicas" });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe("source_failed");
      expect(envelope.error.message).toContain("quota exhausted");
    }
    expect(data(await viaB.run("import.list", { mission_id: missionId })).imports).toEqual([]);
  }, 60_000);
});
