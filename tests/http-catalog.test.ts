import { commandIds, CONTRACT_VERSION, registry } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;

const DESCRIPTOR_KEYS = [
  "command_id",
  "title",
  "description",
  "summary",
  "visibility",
  "risk",
  "category",
  "default_permission",
  "when_to_use",
  "risk_notes",
  "output_notes",
  "related_commands",
  "related_resources",
  "examples",
].sort();

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe("catalog and schema routes", () => {
    it("lists every command with exactly the published descriptor fields", async () => {
      const commands = await server.client.commands();
      expect(commands.map((c) => c.command_id)).toEqual([...commandIds]);
      for (const c of commands) expect(Object.keys(c).sort()).toEqual(DESCRIPTOR_KEYS);
    });

    it("returns one command's descriptor with its three schemas", async () => {
      const command = await server.client.schema("mission.create");
      expect(command.input_schema).toEqual(registry["mission.create"].inputSchema);
      expect(command.output_schema).toEqual(registry["mission.create"].outputSchema);
      expect(command.approval_output_schema).toBeNull();
      expect(JSON.stringify(command.input_schema)).not.toContain("$ref");
    });

    it("answers an unknown command's schema with a plain 404 that suggests close ids", async () => {
      const res = await server.fetch("/api/v1/commands/mision.create/schema", { headers: { authorization: `Bearer ${server.key}` } });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; hint: string } };
      expect(body.error.code).toBe("unknown_command");
      expect(body.error.hint).toContain("mission.create");
    });

    it("serves the bundled OpenAPI document with one path per command", async () => {
      const res = await server.fetch("/openapi.json");
      const doc = (await res.json()) as { paths: Record<string, unknown> };
      for (const id of commandIds) expect(doc.paths[`/api/v1/commands/${id}`]).toBeDefined();
    });

    it("names the contract version in /openapi.json, the catalog and a header on every answer", async () => {
      expect(CONTRACT_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
      const openapi = await server.fetch("/openapi.json");
      expect(((await openapi.json()) as { info: { version: string } }).info.version).toBe(CONTRACT_VERSION);
      const auth = { authorization: `Bearer ${server.key}` };
      const catalog = await server.fetch("/api/v1/commands", { headers: auth });
      expect(((await catalog.json()) as { data: { contract_version: string } }).data.contract_version).toBe(CONTRACT_VERSION);
      const post = (headers: Record<string, string>): Promise<Response> =>
        server.fetch("/api/v1/commands/mission.list", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ input: {} }),
        });
      const answers = [
        openapi,
        catalog,
        await server.fetch("/healthz"),
        await post(auth),
        await post({}),
        await server.fetch("/api/v2/nothing", { headers: auth }),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 401, 404]);
      for (const res of answers) expect(res.headers.get("salestouch-contract-version")).toBe(CONTRACT_VERSION);
    });

    it("reports health with the database dialect", async () => {
      const res = await server.fetch("/healthz");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, database: dialect });
    });

    it("reports readiness once its database answers", async () => {
      const res = await server.fetch("/readyz");
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({ ready: true, database: dialect });
    });

    it("never sends X-Powered-By and echoes a request id", async () => {
      const res = await server.fetch("/healthz", { headers: { "x-request-id": "abc-123" } });
      expect(res.headers.get("x-powered-by")).toBeNull();
      expect(res.headers.get("x-request-id")).toBe("abc-123");
    });

    it("answers an unknown route with a plain route_not_found error", async () => {
      const res = await server.fetch("/api/v2/nothing", { headers: { authorization: `Bearer ${server.key}` } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("route_not_found");
    });
  });
});
