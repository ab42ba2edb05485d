// GET /api/v1/resources and GET /api/v1/resources/read: contract shapes, auth, scopes, isolation.
import { commandIds, resources } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const get = (path: string, key: string | null = server.key) => server.fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
const read = (uri: string, key: string = server.key) => get(`/api/v1/resources/read?uri=${encodeURIComponent(uri)}`, key);

describe("GET /api/v1/resources", () => {
  it("lists every resource of the spec with exactly uri, name, description and mimeType", async () => {
    const res = await get("/api/v1/resources");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { resources: Record<string, unknown>[] } };
    expect(body.data.resources).toEqual(resources.map(({ uri, name, description, mimeType }) => ({ uri, name, description, mimeType })));
  });

  it("needs an API key", async () => {
    expect((await get("/api/v1/resources", null)).status).toBe(401);
  });
});

describe("GET /api/v1/resources/read", () => {
  it("reads the catalog: every command in one line", async () => {
    const body = (await (await read("salestouch://catalog")).json()) as {
      data: { resource: { uri: string; payload: { commands: { command_id: string }[] } } };
    };
    expect(body.data.resource.uri).toBe("salestouch://catalog");
    expect(body.data.resource.payload.commands.map((c) => c.command_id)).toEqual([...commandIds]);
  });

  it("reads a command-backed resource as the caller's workspace", async () => {
    const a = await server.clientFor("resources-a");
    const b = await server.clientFor("resources-b");
    await a.client.runAny("mission.create", { name: "Resource mission" });
    const mine = (await (await read("salestouch://missions", a.key)).json()) as { data: { resource: { payload: { missions: { name: string }[] } } } };
    expect(mine.data.resource.payload.missions.map((m) => m.name)).toEqual(["Resource mission"]);
    const theirs = (await (await read("salestouch://missions", b.key)).json()) as { data: { resource: { payload: { missions: unknown[] } } } };
    expect(theirs.data.resource.payload.missions).toEqual([]);
  });

  it("answers an unknown uri with a plain 404 whose hint lists the uris that exist", async () => {
    const res = await read("salestouch://nothing");
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; hint: string } };
    expect(body.error.code).toBe("not_found");
    for (const r of resources) expect(body.error.hint).toContain(r.uri);
  });

  it("refuses a key without the scope of the command behind the resource with a plain 403", async () => {
    const { key } = await server.clientFor("resources-scoped", ["offers.read"]);
    const res = await read("salestouch://missions", key);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("missions.read");
    expect((await read("salestouch://offers", key)).status).toBe(200);
  });

  it("rejects a request without uri, or with two, as malformed", async () => {
    expect((await get("/api/v1/resources/read")).status).toBe(400);
    const twice = await get("/api/v1/resources/read?uri=salestouch://catalog&uri=salestouch://offers");
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: { code: string } }).error.code).toBe("malformed_request");
  });
});
