// The salestouch binary in remote mode against a real server on a loopback port, and how it
// chooses its settings (env > project file > global file).
import { createServer } from "node:net";
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { assertSeedShape } from "./helpers/seed.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let sandbox: CliSandbox;
let remoteEnv: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  sandbox = cliSandbox();
  remoteEnv = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: server.key };
});
afterAll(async () => {
  sandbox.remove();
  await server.stop();
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface ConfigReport {
  mode: string;
  base_url: { value: string; source: string; origin: string } | null;
  credential: { kind: string; masked: string; source: string; origin: string } | null;
}

describe("salestouch commands run (remote mode)", () => {
  it("sends the command to the server and prints its envelope", async () => {
    const { code, envelope } = await runCommandJson(sandbox, "mission.create", { name: "Remote mission" }, remoteEnv);
    expect(code).toBe(0);
    assertSeedShape(envelope.data);
    const id = (envelope.data as { mission: { id: string } }).mission.id;
    const fromServer = await server.client.runAny("mission.get", { mission_id: id });
    expect(fromServer.ok).toBe(true);
  });

  it("uses the base URL and key of the project file when no variable is set", async () => {
    const local = cliSandbox();
    try {
      local.writeProjectConfig({ baseUrl: server.url, apiKey: server.key });
      const { code, envelope } = await runCommandJson(local, "mission.list", { query: "Remote mission" });
      expect(code).toBe(0);
      expect((envelope.data as { missions: unknown[] }).missions).toHaveLength(1);
    } finally {
      local.remove();
    }
  });

  it("exits 4 without a key and says how to create one", async () => {
    const result = await sandbox.run(["commands", "run", "mission.list"], { env: { SALESTOUCH_API_BASE_URL: server.url } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/needs an API key/);
    expect(result.stderr).toMatch(/salestouch keys create --name <name>/);
  });

  it("exits 4 when the server rejects the key", async () => {
    const result = await sandbox.run(["commands", "run", "mission.list"], {
      env: { ...remoteEnv, SALESTOUCH_API_KEY: "st_000000000000000000000000000000" },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error unauthenticated: .*HTTP 401/);
  });

  it("exits 4 when the key lacks the command's scope", async () => {
    const { key } = await server.clientFor("cli-read-only", ["missions.read"]);
    const { code, envelope } = await runCommandJson(sandbox, "mission.create", { name: "Not allowed" }, { ...remoteEnv, SALESTOUCH_API_KEY: key });
    expect(code).toBe(4);
    expect(envelope.error?.code).toBe("forbidden");
  });

  it("exits 7 when the server is unreachable, naming the URL and the setting that chose it", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await sandbox.run(["commands", "run", "mission.list"], { env: { ...remoteEnv, SALESTOUCH_API_BASE_URL: url } });
    expect(result.code).toBe(7);
    expect(result.stderr.split("\n")[0]).toBe(
      `error unavailable: cannot reach the SalesTouch server at ${url} (base URL from SALESTOUCH_API_BASE_URL): ECONNREFUSED`,
    );
    const json = await sandbox.runJson<Envelope>(["commands", "run", "mission.list", "--json"], {
      env: { ...remoteEnv, SALESTOUCH_API_BASE_URL: url },
    });
    expect(json.json).toMatchObject({ ok: false, status: 503, error: { code: "unavailable", retryable: true } });
  });

  it("exits 2 when the base URL is not an http URL", async () => {
    const result = await sandbox.run(["commands", "run", "mission.list"], { env: { ...remoteEnv, SALESTOUCH_API_BASE_URL: "localhost:3000" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not an http\(s\) URL/);
  });

  it("administers keys on the local database even in remote mode, and says so", async () => {
    const result = await sandbox.run(["keys", "list"], { env: remoteEnv });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/keys live on this machine's database/);
  });
});

describe("salestouch config show", () => {
  it("is in local mode on the default database when nothing is configured", async () => {
    const { json } = await sandbox.runJson<ConfigReport & { database: { source: string } }>(["config", "show", "--json"]);
    expect(json).toMatchObject({ mode: "local", base_url: null, credential: null, database: { source: "default" } });
  });

  it("takes the environment over the project file over the global file, and says where each value came from", async () => {
    const local = cliSandbox();
    try {
      const globalFile = local.writeGlobalConfig({ baseUrl: "http://global.example:1", apiKey: "st_globalglobalglobalglobal0000" });
      let report = (await local.runJson<ConfigReport>(["config", "show", "--json"])).json;
      expect(report.base_url).toMatchObject({ value: "http://global.example:1", source: "global", origin: globalFile });
      expect(report.mode).toBe("remote");

      const projectFile = local.writeProjectConfig({ baseUrl: "http://project.example:2" });
      report = (await local.runJson<ConfigReport>(["config", "show", "--json"])).json;
      expect(report.base_url).toMatchObject({ value: "http://project.example:2", source: "project", origin: projectFile });
      expect(report.credential).toMatchObject({ source: "global", kind: "apiKey" });

      report = (
        await local.runJson<ConfigReport>(["config", "show", "--json"], {
          env: { SALESTOUCH_API_BASE_URL: "http://env.example:3", SALESTOUCH_API_KEY: "st_envenvenvenvenvenvenvenv000" },
        })
      ).json;
      expect(report.base_url).toMatchObject({ value: "http://env.example:3", source: "env", origin: "SALESTOUCH_API_BASE_URL" });
      expect(report.credential).toMatchObject({ kind: "apiKey", source: "env", origin: "SALESTOUCH_API_KEY" });
    } finally {
      local.remove();
    }
  });

  it("never prints a secret in full", async () => {
    const secret = "st_thisIsTheWholeSecretKey1234567890";
    for (const args of [
      ["config", "show"],
      ["config", "show", "--json"],
    ]) {
      const result = await sandbox.run(args, { env: { ...remoteEnv, SALESTOUCH_API_KEY: secret } });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain(secret);
      expect(result.stdout).toContain("st_this…7890");
    }
  });

  it("uses SALESTOUCH_CONFIG_DIR for the global file when it is set", async () => {
    const local = cliSandbox();
    try {
      const { json } = await local.runJson<{ global_file: { path: string } }>(["config", "show", "--json"], {
        env: { SALESTOUCH_CONFIG_DIR: local.home },
      });
      expect(json.global_file.path).toBe(`${local.home}/salestouch.json`);
    } finally {
      local.remove();
    }
  });
});
