// Two replicas on one PostgreSQL database share one rate limit per API key.
import { openRuntime, type LocalRuntime } from "@salestouch/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/server-process.js";

const LIMIT = 6;
let a: ServerProcess;
let b: ServerProcess;
let local: LocalRuntime;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase("ratelimit");
  const env = { DATABASE_URL: databaseUrl, SALESTOUCH_DATABASE_URL: "", SALESTOUCH_RATE_LIMIT: String(LIMIT) };
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  local = await openRuntime({ databaseUrl });
});
afterAll(async () => {
  for (const server of [a, b]) if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await Promise.all([a?.exited, b?.exited]);
  await local?.close();
});

async function list(server: ServerProcess, key: string): Promise<Response> {
  return fetch(`${server.url}/api/v1/commands/mission.list`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: '{"input":{}}',
  });
}

describe("the rate limit across replicas", () => {
  it("counts one budget per key whichever replica answers", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { key } = await local.keys.create({ name: `limited ${attempt}` });
      const minute = Math.floor(Date.now() / 60_000);
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++) statuses.push((await list(i % 2 === 0 ? a : b, key)).status);
      const over = await list(b, key);
      if (Math.floor(Date.now() / 60_000) !== minute) continue; // a new minute began mid-test: count again
      expect(statuses).toEqual(Array(LIMIT).fill(200));
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await over.json()).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      return;
    }
    throw new Error("every attempt straddled a minute boundary");
  });
});
