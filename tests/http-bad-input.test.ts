// Bad requests get a clear envelope, never a 500, and write nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;

async function missionCount(): Promise<number> {
  const rows = await server.running.local.store.repositories.missions.list((await server.running.local.keys.localPrincipal()).workspaceId, {
    limit: 100,
  });
  return rows.items.length;
}

let before = 0;
beforeEach(async () => {
  before = await missionCount();
});

interface Case {
  name: string;
  body: string;
  contentType?: string;
  path?: string;
  status: number;
  code: string;
  mentions?: string;
}

const cases: Case[] = [
  { name: "malformed JSON", body: '{"input": {"name": "x"', status: 400, code: "malformed_request", mentions: "not valid JSON" },
  { name: "a body without input", body: '{"name": "x"}', status: 400, code: "malformed_request", mentions: "input" },
  { name: "a JSON array body", body: '[{"name": "x"}]', status: 400, code: "malformed_request" },
  { name: "an unknown field", body: '{"input": {"name": "x", "colour": "red"}}', status: 400, code: "invalid_input", mentions: "/colour" },
  { name: "a wrong type", body: '{"input": {"name": 42}}', status: 400, code: "invalid_input", mentions: "/name" },
  { name: "a blank name", body: '{"input": {"name": "   "}}', status: 400, code: "invalid_input", mentions: "/name" },
  { name: "an input that is not an object", body: '{"input": "x"}', status: 400, code: "invalid_input" },
  {
    name: "a bad response_profile",
    body: '{"input": {"name": "x"}, "response_profile": "tiny"}',
    status: 400,
    code: "malformed_request",
    mentions: "response_profile",
  },
  {
    name: "an unknown command id",
    body: '{"input": {"name": "x"}}',
    path: "/api/v1/commands/mission.creat",
    status: 404,
    code: "unknown_command",
    mentions: "mission.create",
  },
  { name: "a wrong content type", body: '{"input": {"name": "x"}}', contentType: "text/plain", status: 415, code: "unsupported_media_type" },
  {
    name: "an oversized body",
    body: JSON.stringify({ input: { name: "x", description: "y".repeat(100_000) } }),
    status: 413,
    code: "payload_too_large",
  },
  { name: "an empty body", body: "", status: 400, code: "malformed_request", mentions: "input" },
  {
    name: "a command id that is not valid percent-encoding",
    body: '{"input": {"name": "x"}}',
    path: "/api/v1/commands/mission%E0%A4%A",
    status: 400,
    code: "malformed_request",
    mentions: "percent-encoding",
  },
  {
    name: "a __proto__ key",
    body: '{"input": {"name": "x", "__proto__": {"admin": true}}}',
    status: 400,
    code: "invalid_input",
    mentions: "__proto__",
  },
];

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ bodyLimit: "64kb", dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe("bad input on POST /api/v1/commands/{id}", () => {
    it.each(cases.map((c) => [c.name, c] as const))("answers %s with a clear envelope and writes nothing", async (_name, c) => {
      const res = await server.fetch(c.path ?? "/api/v1/commands/mission.create", {
        method: "POST",
        headers: { authorization: `Bearer ${server.key}`, "content-type": c.contentType ?? "application/json" },
        body: c.body,
      });
      expect(res.status).toBe(c.status);
      const envelope = (await res.json()) as {
        ok: boolean;
        status: number;
        error: { code: string; message: string; hint: string };
        meta: { command_hash: string };
      };
      expect(envelope.ok).toBe(false);
      expect(envelope.status).toBe(c.status);
      expect(envelope.error.code).toBe(c.code);
      expect(envelope.error.hint).toBeTruthy();
      expect(envelope.meta.command_hash).toMatch(/^[0-9a-f]{64}$/);
      if (c.mentions) expect(JSON.stringify(envelope.error)).toContain(c.mentions);
      expect(JSON.stringify(envelope)).not.toMatch(/at \S+ \(|node_modules/);
      expect(await missionCount()).toBe(before);
    });

    it("accepts the same body once it is fixed", async () => {
      const res = await server.fetch("/api/v1/commands/mission.create", {
        method: "POST",
        headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
        body: '{"input": {"name": "  Fixed  "}}',
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: { mission: { name: string } } }).data.mission.name).toBe("Fixed");
      expect(await missionCount()).toBe(before + 1);
    });
  });

  describe("the command path", () => {
    it.each([
      ["a trailing slash", "/api/v1/commands/mission.create/"],
      ["a query string", "/api/v1/commands/mission.create?trace=1"],
      ["a percent-encoded id", "/api/v1/commands/mission%2Ecreate"],
    ])("runs the command when the path has %s", async (_name, path) => {
      const res = await server.fetch(path, {
        method: "POST",
        headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json", "x-request-id": "path-case-1" },
        body: '{"input": {"name": "Path case"}}',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe("path-case-1");
      expect(await missionCount()).toBe(before + 1);
    });

    it("answers other methods on a command path as a route that does not exist, in a plain body", async () => {
      const res = await server.fetch("/api/v1/commands/mission.create", { headers: { authorization: `Bearer ${server.key}` } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "route_not_found" } });
    });

    it("refuses a bad key before reading what the body says", async () => {
      const res = await server.fetch("/api/v1/commands/mission.create", {
        method: "POST",
        headers: { authorization: "Bearer st_not-a-key", "content-type": "application/json" },
        body: '{"input": ',
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
    });
  });

  describe("hostile bodies", () => {
    it.each([1_000, 9_000])("refuses input nested %i levels deep with invalid_input, never a stack trace", async (depth) => {
      const body = `{"input":{"name":"x","n":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}}`;
      const res = await server.fetch("/api/v1/commands/mission.create", {
        method: "POST",
        headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
        body,
      });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(text).not.toMatch(/RangeError|at \S+ \(|<html/i);
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    });
  });
});
