// Starts the REST server on a port and stops it gracefully: in-flight requests finish, then the store closes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConsoleSessionService, loadConfig, openRuntime, type Config, type LocalRuntime, type RuntimeConfig } from "@salestouch/host";
import { silentLogger, type Logger } from "@salestouch/runtime";
import { createRequestListener } from "./app.js";
import { createMetrics, startMetricsServer } from "./metrics.js";
import { VERSION } from "./version.js";

export interface StartOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** Largest request body: bytes, or a size such as "64kb". */
  bodyLimit?: number | string;
  /** Where clients reach this server behind a proxy; `/openapi.json` names it in `servers` */
  publicUrl?: string;
  validateResponses?: boolean;
  validateOutputs?: boolean;
  rateLimitPerMinute?: number;
  corsOrigins?: readonly string[];
  /** `host:port` of a listener of its own for `GET /metrics` (SALESTOUCH_METRICS_LISTEN). */
  metricsListen?: string | undefined;
  /** Serve `GET /metrics` on the API's port too, to this bearer token (SALESTOUCH_METRICS_TOKEN). */
  metricsToken?: string | undefined;
  /** A client must send its request headers within this (default 30 s) and the whole request within requestTimeoutMs (default 60 s). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The runtime's checked settings (loadConfig), and the console's session lifetime; else read from `env`. */
  config?: RuntimeConfig & Partial<Pick<Config, "sessionTtlMs">>;
  /** Variables to read the runtime's settings from when `config` is not given (tests); default none, so every setting is at its default. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string;
  port: number;
  local: LocalRuntime;
  /** The web console's sign-in sessions over this server's database. */
  sessions: ConsoleSessionService;
  server: Server;
  /** Where `GET /metrics` answers on its own listener, when one was asked for. */
  metricsUrl: string | null;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const config = options.config ?? loadConfig({ env: options.env ?? {}, for: "server" });
  const local = await openRuntime({ databaseUrl: options.databaseUrl, logger, validateOutputs: options.validateOutputs, config });
  local.jobs.start();
  // Metrics only when someone may read them: a listener of their own, or a token on this port.
  const metrics = options.metricsListen || options.metricsToken ? await createMetrics(local.store) : undefined;
  const sessions = new ConsoleSessionService(local.store, local.keys, config.sessionTtlMs ?? loadConfig({ env: {}, for: "server" }).sessionTtlMs);
  let listener = createRequestListener({
    ...local,
    sessions,
    logger,
    version: VERSION,
    bodyLimit: options.bodyLimit,
    publicUrl: options.publicUrl,
    rateLimitPerMinute: options.rateLimitPerMinute,
    corsOrigins: options.corsOrigins,
    metrics,
    metricsToken: options.metricsToken,
  });
  // Loaded only when asked for (development and tests), so production starts without Ajv's compiler.
  if (options.validateResponses) listener = (await import("./response-contract.js")).checkResponses(listener, logger);
  // Node checks these deadlines every connectionsCheckingInterval (30 s by default), so a slow
  // client was closed up to 30 s late (~49 s for headers, ~82 s for the body): check every
  // second, or sooner for the short deadlines of tests.
  const headersTimeout = options.headersTimeoutMs ?? 30_000;
  const requestTimeout = options.requestTimeoutMs ?? 60_000;
  const server = createServer(
    { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 10))) },
    listener,
  );
  // Expired uploads and parts of interrupted ones go at start and every hour.
  const sweep = () => void local.uploads.sweep().catch((error: unknown) => logger.warn("upload clean-up failed", { error: String(error) }));
  sweep();
  const sweeper = setInterval(sweep, 3_600_000);
  sweeper.unref();
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  server.keepAliveTimeout = 5_000;
  const metricsServer = metrics && options.metricsListen ? await startMetricsServer(metrics, options.metricsListen) : null;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    local,
    sessions,
    server,
    metricsUrl: metricsServer?.url ?? null,
    close(timeoutMs = 10_000) {
      closing ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        await done;
        clearTimeout(timer);
        await metricsServer?.close();
        clearInterval(sweeper);
        await local.close();
      })();
      return closing;
    },
  };
}
