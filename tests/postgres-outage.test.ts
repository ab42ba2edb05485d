// When PostgreSQL goes away the server answers `unavailable` (503, retryable) and /readyz says not
// ready, never internal_error; when it comes back the same process serves again. A cluster of its
// own, since this test stops it.
import { startServer, type RunningServer } from "@salestouch/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScratchCluster, type ScratchCluster } from "./helpers/scratch-cluster.js";

let cluster: ScratchCluster;
let server: RunningServer;
let key: string;

async function createMission(name: string): Promise<{ status: number; body: { ok: boolean; error?: { code: string; retryable?: boolean } } }> {
  const res = await fetch(`${server.url}/api/v1/commands/mission.create`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { name } }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

beforeAll(async () => {
  cluster = await startScratchCluster();
  server = await startServer({ databaseUrl: cluster.url, validateOutputs: true });
  key = (await server.local.keys.create({ name: "outage" })).key;
});
afterAll(async () => {
  await server?.close();
  cluster?.stop();
});

describe("PostgreSQL outage", () => {
  it("answers unavailable while the database is down and serves again once it is back", async () => {
    expect((await createMission("Before")).status).toBe(200);
    cluster.halt();
    try {
      // The key cannot be checked either: authentication reports the outage, not a bad key.
      const during = await createMission("During");
      expect(during.status).toBe(503);
      expect(JSON.stringify(during.body)).toContain("unavailable");
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    } finally {
      cluster.resume();
    }
    expect((await createMission("After")).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
