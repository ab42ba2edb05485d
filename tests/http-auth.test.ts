import { ApiError, createClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;

const post = (path: string, headers: Record<string, string>, body: unknown = { input: { name: "x" } }) =>
  server.fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe("authentication", () => {
    it("rejects a request without a key with a plain 401 and WWW-Authenticate", async () => {
      const res = await post("/api/v1/commands/mission.create", {});
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body).toEqual({ error: { code: "unauthenticated", message: expect.any(String), hint: expect.any(String) } });
    });

    it("rejects an unknown key and does not echo it back", async () => {
      const bogus = "st_thisKeyDoesNotExistAnywhere000000000000";
      const res = await post("/api/v1/commands/mission.create", { authorization: `Bearer ${bogus}` });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(bogus);
    });

    it("accepts the key in X-API-Key", async () => {
      const res = await post("/api/v1/commands/mission.create", { "x-api-key": server.key });
      expect(res.status).toBe(200);
    });

    it("protects the catalog routes too", async () => {
      const res = await server.fetch("/api/v1/commands");
      expect(res.status).toBe(401);
    });

    it("refuses a revoked key at once", async () => {
      const { key } = await server.clientFor("revoked-ws");
      const row = (await server.running.local.keys.list()).find((k) => k.name === "test revoked-ws")!;
      expect((await post("/api/v1/commands/mission.list", { authorization: `Bearer ${key}` }, { input: {} })).status).toBe(200);
      expect(await server.running.local.keys.revoke(row.id)).toBe(true);
      expect((await post("/api/v1/commands/mission.list", { authorization: `Bearer ${key}` }, { input: {} })).status).toBe(401);
    });

    it("surfaces plain errors through the client as ApiError", async () => {
      const client = createClient({ baseUrl: server.url, apiKey: "st_wrongwrongwrongwrongwrong" });
      await expect(client.runAny("mission.list", {})).rejects.toBeInstanceOf(ApiError);
    });
  });

  describe("scopes", () => {
    it("lets a read-only key read but not write, with a plain 403 naming the scope", async () => {
      const { key } = await server.clientFor("scoped", ["missions.read"]);
      expect((await post("/api/v1/commands/mission.list", { authorization: `Bearer ${key}` }, { input: {} })).status).toBe(200);
      const res = await post("/api/v1/commands/mission.create", { authorization: `Bearer ${key}` });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toContain("missions.write");
    });

    it("keeps a missions key away from offers", async () => {
      const { key } = await server.clientFor("scoped-2", ["missions.read", "missions.write"]);
      const res = await post("/api/v1/commands/offer.list", { authorization: `Bearer ${key}` }, { input: {} });
      expect(res.status).toBe(403);
    });
  });
});
