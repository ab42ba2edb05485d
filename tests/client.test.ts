// @salestouch/client against a real server, with a real loopback proxy between them for the faults:
// timeouts and AbortSignal, retries only when safe (reads, writes under an Idempotency-Key, which the
// client makes itself), Retry-After, held calls told apart from runs, typed failures, pagination.
import { ApiError, CommandFailedError, createClient, type SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { startFaultProxy, type FaultProxy, type ProxyAction, type ProxyRequest } from "./helpers/fault-proxy.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** A client of a new workspace, through a proxy that does what `decide` says. */
async function throughProxy(
  decide: (request: ProxyRequest, index: number) => ProxyAction,
  options: Parameters<typeof createClient>[0] extends infer O ? Partial<O> : never = {},
): Promise<{ client: SalesTouchClient; direct: SalesTouchClient; proxy: FaultProxy }> {
  const { key, client: direct } = await server.clientFor(`client-${++counter}`);
  const proxy = await startFaultProxy(server.url, decide);
  return { client: createClient({ baseUrl: proxy.url, apiKey: key, retry: { minDelayMs: 10 }, ...options }), direct, proxy };
}

const isCommand = (r: ProxyRequest) => r.path.startsWith("/api/v1/commands/");

describe("retries", () => {
  it("repeats a write whose answer was lost under one idempotency key, so it runs once", async () => {
    const { client, direct, proxy } = await throughProxy((_r, i) => (i === 0 ? { kind: "cut-after-forward" } : { kind: "forward" }));
    const result = await client.run("mission.create", { name: "Lost answer" });
    expect(result.status).toBe(200);
    expect(proxy.requests).toHaveLength(2);
    const keys = proxy.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(result.meta.warnings.join(" ")).toMatch(/replayed/);
    expect(data(await direct.run("mission.list", {})).missions).toHaveLength(1);
    await proxy.close();
  });

  it("does not repeat a write when retries are off, and says no answer came", async () => {
    const { client, direct, proxy } = await throughProxy(() => ({ kind: "cut-after-forward" }), { retry: false });
    const error = await client.run("mission.create", { name: "Once" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: "network", status: 0, code: "network_error", attempts: 1 });
    expect(proxy.requests[0]!.headers["idempotency-key"]).toBeUndefined();
    expect(data(await direct.run("mission.list", {})).missions).toHaveLength(1);
    await proxy.close();
  });

  it("waits the Retry-After of a 429 before sending a read again", async () => {
    const { client, proxy } = await throughProxy((_r, i) =>
      i === 0
        ? {
            kind: "answer",
            status: 429,
            headers: { "retry-after": "1" },
            body: JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }),
          }
        : { kind: "forward" },
    );
    const started = Date.now();
    const result = await client.run("mission.list", {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.status).toBe(200);
    expect(proxy.requests.filter(isCommand)).toHaveLength(2);
    await proxy.close();
  });

  it("gives up after its retries and returns the last 503 envelope as a failed result", async () => {
    const unavailable = {
      ok: false,
      status: 503,
      data: null,
      error: { code: "unavailable", message: "the database is busy", hint: "retry later", retryable: true },
      meta: { approval_required: false, approval_request_id: null, command_hash: "0".repeat(64), warnings: [] },
    };
    const { client, proxy } = await throughProxy(() => ({ kind: "answer", status: 503, body: JSON.stringify(unavailable) }), {
      retry: { retries: 2, minDelayMs: 5 },
    });
    const result = await client.run("mission.list", {});
    expect(proxy.requests).toHaveLength(3);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("unavailable");
    await proxy.close();
  });

  it("does not wait for a Retry-After longer than it allows", async () => {
    const { client, proxy } = await throughProxy(() => ({
      kind: "answer",
      status: 429,
      headers: { "retry-after": "120" },
      body: JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }),
    }));
    const error = await client.run("mission.list", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "http", status: 429, code: "rate_limited", attempts: 1 });
    await proxy.close();
  });
});

describe("timeouts and cancellation", () => {
  it("stops an attempt at timeoutMs and throws a timeout after the retries", async () => {
    const { client, proxy } = await throughProxy(() => ({ kind: "delay", ms: 1_000 }), { timeoutMs: 100, retry: { retries: 1, minDelayMs: 5 } });
    const started = Date.now();
    const error = await client.run("mission.list", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", code: "timeout", attempts: 2 });
    expect(Date.now() - started).toBeLessThan(900);
    await proxy.close();
  });

  it("stops at once when the caller's AbortSignal fires, and does not retry", async () => {
    const { client, proxy } = await throughProxy(() => ({ kind: "delay", ms: 1_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await client.run("mission.list", {}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(proxy.requests).toHaveLength(1);
    await proxy.close();
  });
});

describe("results", () => {
  it("types a run, a failure with paths and a rejected key apart", async () => {
    const { client, key } = await server.clientFor(`client-${++counter}`);
    const created = await client.run("mission.create", { name: "Typed" });
    if (created.status !== 200) throw new Error(JSON.stringify(created));
    expect(created.data.mission.name).toBe("Typed");
    const invalid = await client.run("mission.create", { name: "" });
    expect(invalid.ok).toBe(false);
    if (invalid.ok) throw new Error("expected a failure");
    expect(invalid.error.code).toBe("invalid_input");
    expect(invalid.error.details?.map((d) => d.path)).toContain("/name");
    const wrongKey = createClient({ baseUrl: server.url, apiKey: `${key}x` });
    const error = await wrongKey.run("mission.list", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: "http", status: 401, code: "unauthenticated" });
  });

  it("answers a held call with its preview and request id, and the approved run once collected", async () => {
    const workspace = `client-${++counter}`;
    const agentKey = await server.running.local.keys.create({
      name: "agent",
      workspace,
      permissions: [{ target: "mission.create", permission: "ask" }],
    });
    const personKey = await server.running.local.keys.create({ name: "person", workspace, scopes: ["*", "approvals.decide"] });
    const agent = createClient({ baseUrl: server.url, apiKey: agentKey.key });
    const person = createClient({ baseUrl: server.url, apiKey: personKey.key });
    const held = await agent.run("mission.create", { name: "Needs a person" });
    expect(held.status).toBe(202);
    if (held.status !== 202) throw new Error(JSON.stringify(held));
    const requestId = held.meta.approval_request_id;
    expect(requestId).toMatch(/^apr_/);
    expect(held.data.approval.status).toBe("pending");
    const pending = await person.approvals.list({ status: "pending" });
    expect(pending.approvals.map((a) => a.id)).toContain(requestId);
    expect((await person.approvals.approve(requestId, "fine")).status).toBe("approved");
    const done = await agent.run("mission.create", { name: "Needs a person" }, { approvalRequestId: requestId });
    expect(done.status === 200 && done.data.mission.name).toBe("Needs a person");
    const denied = await agent.run("mission.create", { name: "Not this one" });
    if (denied.status !== 202) throw new Error(JSON.stringify(denied));
    expect((await person.approvals.deny(denied.meta.approval_request_id)).status).toBe("denied");
  });
});

describe("pagination", () => {
  it("walks every page of a cursor list", async () => {
    const { client } = await server.clientFor(`client-${++counter}`);
    for (let i = 0; i < 5; i++) data(await client.run("mission.create", { name: `Page ${i}` }));
    const names: string[] = [];
    for await (const mission of client.paginate("mission.list", { limit: 2 })) names.push(mission.name);
    expect(names.sort()).toEqual(["Page 0", "Page 1", "Page 2", "Page 3", "Page 4"]);
  });

  it("throws the failed page's result", async () => {
    const { client } = await server.clientFor(`client-${++counter}`);
    const pages = client.paginate("mission.list", { limit: 0 });
    const error = await pages.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});
