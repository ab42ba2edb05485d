// Idempotency keys: a mutating call retried with the same key and input returns its first result
// and runs nothing again; the same key with another input is a conflict; keys belong to the caller;
// racing retries commit one run. Over REST (Idempotency-Key header) and the CLI (--idempotency-key).
import { join } from "node:path";
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, type CliSandbox } from "./helpers/cli.js";
import { callCommand, connectHttp } from "./helpers/mcp.js";
import { dataOf } from "./helpers/drafts.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function post(key: string, commandId: string, input: unknown, idempotencyKey?: string): Promise<{ status: number; body: Envelope }> {
  const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${key}` };
  if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
  const response = await server.fetch(`/api/v1/commands/${commandId}`, { method: "POST", headers, body: JSON.stringify({ input }) });
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function freshKey(): Promise<string> {
  return (await server.clientFor(`idempotency-${++counter}`)).key;
}

async function missionCount(key: string): Promise<number> {
  return dataOf<{ missions: unknown[] }>((await post(key, "mission.list", { limit: 100 })).body).missions.length;
}

describe("Idempotency-Key over REST", () => {
  it("returns the first result to a retry with the same key and input, and runs nothing again", async () => {
    const key = await freshKey();
    const first = await post(key, "mission.create", { name: "Once" }, "retry-1");
    const retry = await post(key, "mission.create", { name: "Once" }, "retry-1");
    expect(retry.status).toBe(200);
    expect(retry.body.data).toEqual(first.body.data);
    expect(retry.body.meta.warnings.join(" ")).toContain('replayed: the result of the first call with idempotency key "retry-1"');
    expect(await missionCount(key)).toBe(1);
  });

  it("answers the same key with another input with a conflict", async () => {
    const key = await freshKey();
    await post(key, "mission.create", { name: "First" }, "reused");
    const other = await post(key, "mission.create", { name: "Second" }, "reused");
    expect(other.status).toBe(409);
    expect(other.body.ok ? "" : other.body.error.code).toBe("conflict");
    expect(await missionCount(key)).toBe(1);
  });

  it("keeps keys apart between callers", async () => {
    const a = await freshKey();
    const b = await freshKey();
    const fromA = dataOf<{ mission: { id: string } }>((await post(a, "mission.create", { name: "Shared key" }, "same")).body);
    const fromB = dataOf<{ mission: { id: string } }>((await post(b, "mission.create", { name: "Shared key" }, "same")).body);
    expect(fromA.mission.id).not.toBe(fromB.mission.id);
  });

  it("commits one run when retries race", async () => {
    const key = await freshKey();
    const results = await Promise.all(Array.from({ length: 6 }, () => post(key, "mission.create", { name: "Raced" }, "race-1")));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => (r.body.data as { mission: { id: string } }).mission.id)).size).toBe(1);
    expect(await missionCount(key)).toBe(1);
  });

  it("does not store failures: a retry after fixing the cause runs", async () => {
    const key = await freshKey();
    const missing = await post(key, "mission.update", { mission_id: "mis_doesnotexist", name: "x" }, "after-fix");
    expect(missing.status).toBe(404);
    const mission = dataOf<{ mission: { id: string } }>((await post(key, "mission.create", { name: "Fixed" })).body);
    const fixed = await post(key, "mission.update", { mission_id: mission.mission.id, name: "Renamed" }, "after-fix-2");
    expect(fixed.status).toBe(200);
  });

  it("refuses a key that is not 1-200 visible characters", async () => {
    const key = await freshKey();
    const bad = await post(key, "mission.create", { name: "x" }, "has space");
    expect(bad.status).toBe(400);
    expect(bad.body.ok ? [] : bad.body.error.details?.map((d) => d.path)).toEqual(["/idempotency_key"]);
  });

  it("is ignored by read commands", async () => {
    const key = await freshKey();
    expect((await post(key, "mission.list", {}, "read-1")).status).toBe(200);
    await post(key, "mission.create", { name: "Now one" });
    expect(dataOf<{ missions: unknown[] }>((await post(key, "mission.list", {}, "read-1")).body).missions).toHaveLength(1);
  });
});

describe("_idempotency_key over MCP", () => {
  it("replays the first result of a tool call retried with the same key", async () => {
    const key = await freshKey();
    const mcp = await connectHttp(server.url, { authorization: `Bearer ${key}` });
    try {
      const first = await callCommand(mcp.client, "mission.create", { name: "MCP once", _idempotency_key: "mcp-1" });
      const retry = await callCommand(mcp.client, "mission.create", { name: "MCP once", _idempotency_key: "mcp-1" });
      expect(retry.data).toEqual(first.data);
      expect(retry.meta.warnings.join(" ")).toContain("replayed");
      expect(await missionCount(key)).toBe(1);
    } finally {
      await mcp.close();
    }
  });
});

describe("--idempotency-key in the CLI", () => {
  let sandbox: CliSandbox;
  beforeAll(() => {
    sandbox = cliSandbox();
  });
  afterAll(() => {
    sandbox.remove();
  });

  it("replays the first result in local and in remote mode", async () => {
    const local = { SALESTOUCH_DATABASE_URL: join(sandbox.root, "idempotency.db") };
    const remote = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: await freshKey() };
    for (const env of [local, remote]) {
      const args = ["commands", "run", "mission.create", "--input-json", '{"name":"CLI once"}', "--idempotency-key", "cli-1", "--json"];
      const first = await sandbox.runJson<Envelope>(args, { env });
      const retry = await sandbox.runJson<Envelope>(args, { env });
      expect(retry.code).toBe(0);
      expect(retry.json.data).toEqual(first.json.data);
      const changed = await sandbox.runJson<Envelope>(
        ["commands", "run", "mission.create", "--input-json", '{"name":"CLI twice"}', "--idempotency-key", "cli-1", "--json"],
        { env },
      );
      expect(changed.code).toBe(5);
    }
  });
});
