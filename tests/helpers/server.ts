// A real server on a loopback port over a fresh database (a SQLite file, or a new database in the
// scratch PostgreSQL cluster), with response validation on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type SalesTouchClient } from "@salestouch/client";
import { startServer, type RunningServer } from "@salestouch/server";
import { createTestDatabase, type TestDialect } from "./postgres.js";

export interface TestServer {
  running: RunningServer;
  url: string;
  dialect: TestDialect;
  /** The SQLite file or the PostgreSQL URL the server uses. */
  databaseUrl: string;
  /** A key of the default workspace, with every scope. */
  key: string;
  client: SalesTouchClient;
  /** A client for a new workspace of its own. */
  clientFor(workspace: string, scopes?: string[]): Promise<{ client: SalesTouchClient; key: string }>;
  /** Raw fetch against the server. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function tempDir(prefix = "salestouch-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServerOptions {
  bodyLimit?: string | number;
  /** SALESTOUCH_PUBLIC_URL: the address `/openapi.json` names in `servers`. */
  publicUrl?: string;
  rateLimitPerMinute?: number;
  dialect?: TestDialect;
  /**
   * Keep each new workspace's starting policy (approval-risk commands and sends held for API keys).
   * Off by default: suites that are not about approvals relax it explicitly (removeStartingRules),
   * so their keys run every command as the published default_permission says.
   */
  startingPolicy?: boolean;
  /** Approval and dispatch settings (SALESTOUCH_APPROVAL_TTL, SALESTOUCH_WEBHOOK_*), instead of this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** A fixed loopback port (default: any free one). */
  port?: number;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir();
  const dialect = options.dialect ?? "sqlite";
  const databaseUrl = dialect === "postgres" ? await createTestDatabase("srv") : join(dir.path, "test.db");
  const running = await startServer({
    databaseUrl,
    validateResponses: true,
    validateOutputs: true,
    bodyLimit: options.bodyLimit,
    publicUrl: options.publicUrl,
    rateLimitPerMinute: options.rateLimitPerMinute,
    env: options.env ?? {},
    port: options.port,
  });
  const clientFor = async (workspace: string, scopes?: string[]) => {
    const created = await running.local.keys.create({ name: `test ${workspace}`, workspace, scopes });
    if (!options.startingPolicy) await running.local.policy.removeStartingRules(created.workspace.id);
    return { key: created.key, client: createClient({ baseUrl: running.url, apiKey: created.key }) };
  };
  const main = await clientFor("default");
  return {
    running,
    url: running.url,
    dialect,
    databaseUrl,
    key: main.key,
    client: main.client,
    clientFor,
    fetch: (path, init) => fetch(`${running.url}${path}`, init),
    async stop() {
      await running.close();
      dir.remove();
    },
  };
}
