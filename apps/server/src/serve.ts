// `npm start`: the REST server on the embedded database, with the facts a newcomer needs printed
// first. Bundled into dist/serve.cjs and started by main.ts.
import { commandIds, registry } from "@salestouch/contracts";
import { ConfigError, DEFAULT_WORKSPACE, loadConfig, resolveDatabase, type LoadedConfig, type LocalRuntime } from "@salestouch/host";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { codeCacheReady } from "@salestouch/launch/code-cache-ready";
import { bufferedLineWriter, createJsonLogger } from "@salestouch/runtime";
import { startServer } from "./server.js";

function fail(message: string): never {
  process.stderr.write(`salestouch server: ${message}\n`);
  process.exit(1);
}

/** What API keys of the default workspace may run without a person, and how to change it. */
async function approvalsLine(local: LocalRuntime): Promise<string> {
  const workspace = await local.store.repositories.workspaces.findByName(DEFAULT_WORKSPACE);
  if (!workspace) return "  approvals:  no workspace yet; a new one holds imports and sends by API keys for a person";
  const { ask } = await local.policy.forAnyKey(workspace.id);
  if (ask.length === 0) return "  approvals:  API keys run every command without a person; hold some with `salestouch policy set imports ask`";
  return `  approvals:  API keys wait for a person on ${ask.join(", ")}; approve with \`salestouch approvals\`, or relax with \`salestouch policy set imports allow\``;
}

/**
 * The launcher saved the code cache once the bundle's modules had loaded (main.ts); on a start
 * whose cache was not complete it saves it again as the first command's answer is written, so later
 * starts also find compiled what opening the database, listening and answering a command compile
 * (they were compiled again on every start). Before the answer, not after: clients and benchmarks
 * often stop the server as soon as they have it. Only that one start pays for the save.
 */
function saveCodeCacheAtFirstCommand(server: Server): void {
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "POST" || !req.url?.startsWith("/api/v1/commands/") || res.writableEnded) return;
    server.off("request", onRequest);
    const end = res.end;
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      res.end = end;
      codeCacheReady();
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse["end"];
  };
  server.on("request", onRequest);
}

function readConfig(): LoadedConfig {
  try {
    return loadConfig({ for: "server" });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  // Every setting is checked before anything opens: a bad value stops the start here.
  const config = readConfig();
  const database = resolveDatabase(config);
  const writeLog = bufferedLineWriter(process.stdout);
  const logger = createJsonLogger({ level: config.logLevel, write: writeLog });
  const running = await startServer({
    databaseUrl: database.url,
    port: config.port,
    host: config.host,
    logger,
    bodyLimit: config.bodyLimit,
    publicUrl: config.publicUrl,
    requestTimeoutMs: config.requestTimeoutMs,
    validateResponses: config.validateResponses,
    rateLimitPerMinute: config.rateLimit,
    corsOrigins: config.corsOrigins,
    metricsListen: config.metricsListen,
    metricsToken: config.metricsToken,
    config,
  }).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  saveCodeCacheAtFirstCommand(running.server);

  const lines = [
    `SalesTouch runtime listening on ${running.url}`,
    `  database:   ${running.local.store.location} (${database.source === "default" ? "default location; set SALESTOUCH_DATABASE_URL to change it" : `from ${database.source}`})`,
    `  reference:  ${running.url}/docs   contract: ${running.url}/openapi.json`,
  ];
  if (running.metricsUrl) lines.push(`  metrics:    ${running.metricsUrl}`);
  if (config.metricsToken) lines.push(`  metrics:    ${running.url}/metrics (with Authorization: Bearer <SALESTOUCH_METRICS_TOKEN>)`);
  const existing = await running.local.keys.list();
  if (existing.length === 0) {
    const created = await running.local.keys.create({ name: "first key" });
    lines.push(`  API key:    ${created.key}`, `              (created because the database had none; shown once — store it now)`);
  } else {
    lines.push(`  API keys:   ${existing.length} in this database; create another with \`npm run keys:create -- --name <name>\``);
  }
  lines.push(await approvalsLine(running.local));
  // On this machine only: a one-time link into the web console, through a key kept for it.
  if (["127.0.0.1", "localhost", "::1"].includes(config.host)) {
    const link = await running.sessions.issueLink(await running.sessions.localConsoleKey());
    lines.push(
      `  console:    ${running.url}/console/#/sign-in/${link}`,
      `              (a one-time sign-in link, valid 15 minutes; or sign in with a key that has approvals.decide)`,
    );
  } else {
    lines.push(`  console:    ${running.url}/console/ (sign in with a key that has approvals.decide)`);
  }
  // A read command that needs no input, so the printed line works as it is.
  const readCommand =
    commandIds.find((id) => registry[id].descriptor.risk === "read" && ((registry[id].inputSchema["required"] ?? []) as unknown[]).length === 0) ??
    commandIds[0];
  lines.push(
    `  try:        curl -s -X POST ${running.url}/api/v1/commands/${readCommand} -H "Authorization: Bearer <key>" -H "Content-Type: application/json" -d '{"input":{}}'`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const exit = (code: number) => {
      writeLog.flush();
      process.exit(code);
    };
    running.close().then(
      () => exit(0),
      () => exit(1),
    );
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
