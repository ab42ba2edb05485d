// The served document tells the truth about the server that serves it: `servers` points at that
// server, mutating commands declare the Idempotency-Key header, and every header a response
// declares is really sent with it (real answers of each status, on loopback).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";

type Json = Record<string, unknown>;

let server: TestServer;
let limited: TestServer;
let doc: Json;

beforeAll(async () => {
  [server, limited] = await Promise.all([
    startTestServer({ bodyLimit: "2kb", publicUrl: "https://api.example.com/salestouch/" }),
    startTestServer({ rateLimitPerMinute: 2 }),
  ]);
  doc = (await (await limited.fetch("/openapi.json")).json()) as Json;
});

afterAll(async () => {
  await Promise.all([server?.stop(), limited?.stop()]);
});

/** The headers the document declares for one answer of one operation, shared responses resolved. */
function declaredHeaders(path: string, method: string, status: number): string[] {
  const operation = ((doc["paths"] as Json)[path] as Json)[method] as Json;
  let response = (operation["responses"] as Json)[String(status)] as Json | undefined;
  expect(response, `${method} ${path} documents ${status}`).toBeDefined();
  const shared = (doc["components"] as Json)["responses"] as Json;
  if (typeof response!["$ref"] === "string") response = shared[(response!["$ref"] as string).split("/").pop()!] as Json;
  return Object.keys((response!["headers"] as Json | undefined) ?? {});
}

function expectDeclaredHeadersSent(answer: Response, path: string, method: string): void {
  const declared = declaredHeaders(path, method, answer.status);
  expect(declared).toEqual(expect.arrayContaining(["SalesTouch-Contract-Version", "X-Request-Id"]));
  for (const name of declared) expect(answer.headers.get(name), `${method.toUpperCase()} ${path} ${answer.status} sends ${name}`).toBeTruthy();
}

describe("servers", () => {
  it("is the serving host itself unless a public URL is configured", async () => {
    expect(doc["servers"]).toEqual([expect.objectContaining({ url: "/" })]);
    const published = (await (await server.fetch("/openapi.json")).json()) as Json;
    expect(published["servers"]).toEqual([expect.objectContaining({ url: "https://api.example.com/salestouch" })]);
  });
});

describe("Idempotency-Key", () => {
  it("is declared on every command that changes something, and on no read", async () => {
    const catalog = (await (await server.fetch("/api/v1/commands", { headers: { authorization: `Bearer ${server.key}` } })).json()) as {
      data: { commands: { command_id: string; risk: string }[] };
    };
    expect(catalog.data.commands.length).toBeGreaterThan(20);
    for (const command of catalog.data.commands) {
      const operation = ((doc["paths"] as Json)[`/api/v1/commands/${command.command_id}`] as Json)["post"] as Json;
      const names = ((operation["parameters"] as Json[] | undefined) ?? []).map((p) => {
        const ref = p["$ref"] as string | undefined;
        return ref ? (((doc["components"] as Json)["parameters"] as Json)[ref.split("/").pop()!] as Json)["name"] : p["name"];
      });
      expect(names.includes("Idempotency-Key"), command.command_id).toBe(command.risk !== "read");
    }
  });
});

describe("every declared response header is sent", () => {
  const auth = (t: TestServer) => ({ authorization: `Bearer ${t.key}`, "content-type": "application/json" });

  it("on the command endpoint: 200, 400, 401, 403, 404, 413, 415", async () => {
    const run = "/api/v1/commands/mission.create";
    const ok = await server.fetch(run, { method: "POST", headers: auth(server), body: JSON.stringify({ input: { name: "Truth" } }) });
    expect(ok.status).toBe(200);
    expectDeclaredHeadersSent(ok, run, "post");

    const bad = await server.fetch(run, { method: "POST", headers: auth(server), body: JSON.stringify({ input: { name: 42 } }) });
    expect(bad.status).toBe(400);
    expectDeclaredHeadersSent(bad, run, "post");

    const anonymous = await server.fetch(run, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expectDeclaredHeadersSent(anonymous, run, "post");

    const reader = await server.clientFor("readers", ["missions.read"]);
    const forbidden = await server.fetch(run, {
      method: "POST",
      headers: { authorization: `Bearer ${reader.key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { name: "Nope" } }),
    });
    expect(forbidden.status).toBe(403);
    // The authorization shape: a plain body without `ok`.
    expect(await forbidden.json()).toEqual({ error: expect.objectContaining({ code: "forbidden" }) });
    expectDeclaredHeadersSent(forbidden, run, "post");

    const large = await server.fetch(run, { method: "POST", headers: auth(server), body: JSON.stringify({ input: { name: "x".repeat(4096) } }) });
    expect(large.status).toBe(413);
    expectDeclaredHeadersSent(large, run, "post");

    const text = await server.fetch(run, { method: "POST", headers: { ...auth(server), "content-type": "text/plain" }, body: "name=x" });
    expect(text.status).toBe(415);
    expectDeclaredHeadersSent(text, run, "post");

    const missing = await server.fetch("/api/v1/commands/mission.get", {
      method: "POST",
      headers: auth(server),
      body: JSON.stringify({ input: { mission_id: "mis_nope" } }),
    });
    expect(missing.status).toBe(404);
    expectDeclaredHeadersSent(missing, "/api/v1/commands/mission.get", "post");
  });

  it("on Express routes: 200, 400, 401, and 429 with Retry-After", async () => {
    const list = "/api/v1/resources/read";
    const ok = await limited.fetch(`${list}?uri=${encodeURIComponent("salestouch://catalog")}`, { headers: auth(limited) });
    expect(ok.status).toBe(200);
    expectDeclaredHeadersSent(ok, list, "get");

    const bad = await limited.fetch(list, { headers: auth(limited) });
    expect(bad.status).toBe(400);
    expectDeclaredHeadersSent(bad, list, "get");

    const anonymous = await limited.fetch(list);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectDeclaredHeadersSent(anonymous, list, "get");

    const refused = await limited.fetch(list, { headers: auth(limited) });
    expect(refused.status).toBe(429);
    expect(declaredHeaders(list, "get", 429)).toContain("Retry-After");
    expectDeclaredHeadersSent(refused, list, "get");
  });
});
