// Starts the REST server on a port and stops it gracefully: in-flight requests finish, then the store closes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig, openRuntime, type LocalRuntime, type RuntimeConfig } from "@salestouch/host";
import { silentLogger, type Logger } from "@salestouch/runtime";
import { createRequestListener } from "./app.js";
import { VERSION } from "./version.js";

export interface StartOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** Largest request body: bytes, or a size such as "64kb". */
  bodyLimit?: number | string;
  validateResponses?: boolean;
  validateOutputs?: boolean;
  rateLimitPerMinute?: number;
  corsOrigins?: readonly string[];
  /** The runtime's checked settings (loadConfig); else read from `env`. */
  config?: RuntimeConfig;
  /** Variables to read the runtime's settings from when `config` is not given (tests); default none, so every setting is at its default. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string;
  port: number;
  local: LocalRuntime;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const config = options.config ?? loadConfig({ env: options.env ?? {}, for: "server" });
  const local = await openRuntime({ databaseUrl: options.databaseUrl, logger, validateOutputs: options.validateOutputs, config });
  let listener = createRequestListener({ ...local, logger, version: VERSION, bodyLimit: options.bodyLimit, rateLimitPerMinute: options.rateLimitPerMinute, corsOrigins: options.corsOrigins });
  // Loaded only when asked for (development and tests), so production starts without Ajv's compiler.
  if (options.validateResponses) listener = (await import("./response-contract.js")).checkResponses(listener, logger);
  const server = createServer(listener);
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    local,
    server,
    close(timeoutMs = 10_000) {
      closing ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        await done;
        clearTimeout(timer);
        await local.close();
      })();
      return closing;
    },
  };
}
