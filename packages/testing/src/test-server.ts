// A throwaway SalesTouch server for other services' integration tests: a free port, an in-memory
// database unless told otherwise, a known key, optionally the spec's examples as seed data, and a
// clean stop. The real server (the same code as `npm start`), started in this process.
import { createClient } from "@salestouch/client";
import { commandIds, registry } from "@salestouch/contracts";
import { runExample } from "@salestouch/contracts/examples";
import { loadConfig } from "@salestouch/host";
import { codeCacheReady } from "@salestouch/launch/code-cache-ready";
import { startServer } from "@salestouch/server";
import type { SeededExample, TestServer, TestServerOptions } from "./types.js";

const EVERY_SCOPE = ["*", "approvals.decide"];

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const env = options.env ?? {};
  const config = loadConfig({ env, for: "server" });
  const running = await startServer({
    databaseUrl: options.databaseUrl ?? ":memory:",
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    config,
    bodyLimit: config.bodyLimit,
    // A test suite calls fast: no limit unless the caller sets SALESTOUCH_RATE_LIMIT.
    rateLimitPerMinute: env["SALESTOUCH_RATE_LIMIT"] === undefined ? 0 : config.rateLimit,
    validateResponses: options.validateResponses ?? false,
  });
  try {
    const workspace = options.workspace ?? "default";
    const createKey: TestServer["createKey"] = async (keyOptions = {}) => {
      const created = await running.local.keys.create({
        name: "test server",
        workspace: keyOptions.workspace ?? workspace,
        scopes: keyOptions.scopes ?? EVERY_SCOPE,
        permissions: keyOptions.permissions ?? [],
      });
      if (options.startingPolicy === false) await running.local.policy.removeStartingRules(created.workspace.id);
      return { apiKey: created.key, workspace: created.workspace.name };
    };
    const main = await createKey({ scopes: options.scopes, permissions: options.permissions });
    // The package's code cache (src/load.ts) is written now (once per process), with what every start
    // compiles and not the seed's commands.
    codeCacheReady();
    const seeded = options.seed ? await seed(running.url, createKey, workspace) : [];
    return { url: running.url, apiKey: main.apiKey, workspace, seeded, createKey, stop: () => running.close() };
  } catch (error) {
    await running.close();
    throw error;
  }
}

/** Runs every example of a command that writes and succeeds, under a key that may run everything. */
async function seed(url: string, createKey: TestServer["createKey"], workspace: string): Promise<SeededExample[]> {
  // Every category allowed for the seeding key, whatever the workspace's defaults hold for approval.
  const categories = [...new Set(commandIds.map((id) => registry[id].descriptor.category))];
  const { apiKey } = await createKey({ workspace, permissions: categories.map((target) => ({ target, permission: "allow" })) });
  const client = createClient({ baseUrl: url, apiKey, retry: false });
  const seeded: SeededExample[] = [];
  for (const id of commandIds) {
    const definition = registry[id];
    if (definition.descriptor.risk === "read") continue;
    for (const example of definition.examples) {
      if (!example.expect.ok || example.expect.status !== 200) continue;
      const { envelope } = await runExample(id, example, (commandId, input) => client.runAny(commandId, input));
      // The search imports need a lead source (docs/lead-sources.md); without one there is nothing to seed.
      if (!envelope.ok && envelope.error.code === "source_not_configured") continue;
      if (!envelope.ok || envelope.status !== 200)
        throw new Error(`seeding the test server: example ${id}/${example.name} answered ${JSON.stringify(envelope.error ?? envelope.meta)}`);
      seeded.push({ command_id: id, example: example.name, data: envelope.data });
    }
  }
  return seeded;
}
