// The HTTP server's request listener: the command endpoint on node's server directly, every other
// route of docs/contract.md in an Express app — both thin over the runtime and the registry.
import type { RequestListener } from "node:http";
import { CONTRACT_VERSION, loadOpenApiDocument } from "@salestouch/contracts";
import type { ConsoleSessionService, KeyService, LeadSource, PolicyService, UploadStore } from "@salestouch/host";
import type { Logger, Runtime } from "@salestouch/runtime";
import type { Store } from "@salestouch/store";
import express from "express";
import { requireApiKey } from "./auth.js";
import { cors, corsHeaders } from "./cors.js";
import { errorHandler } from "./error-handler.js";
import { metricsRoute, type Metrics } from "./metrics.js";
import { sendPlainError } from "./http-errors.js";
import { createRateLimiter, rateLimit, type RateLimiter } from "./rate-limit.js";
import { requestLog } from "./request-log.js";
import { requestValidator } from "./request-validator.js";
import { approvalsRouter, permissionsRoute } from "./routes/approvals.js";
import { commandSchema, listCommands } from "./routes/catalog.js";
import { commandEndpoint } from "./routes/commands.js";
import { consoleRouter, referenceRoutes } from "./routes/console.js";
import { health, readiness } from "./routes/health.js";
import { listKeysRoute } from "./routes/keys.js";
import { leadSourceCallbackRouter } from "./routes/lead-sources.js";
import { mcpRouter } from "./routes/mcp.js";
import { listResourcesRoute, readResourceRoute } from "./routes/resources.js";
import { uploadsRouter } from "./routes/uploads.js";
import { sessionRouter } from "./routes/session.js";

export interface AppOptions {
  runtime: Runtime;
  keys: KeyService;
  /** Console sign-in sessions: a session cookie (with its CSRF token) is accepted wherever a key is. */
  sessions: ConsoleSessionService;
  policy: PolicyService;
  store: Store;
  /** Where POST /api/v1/uploads keeps CSV files for import.csv. */
  uploads: UploadStore;
  /** The search imports' lead source; a webhook source takes its signed callbacks here. */
  leadSource: LeadSource;
  logger: Logger;
  version: string;
  /** Where clients reach this server (behind a proxy); `/openapi.json` names it in `servers`. */
  publicUrl?: string;
  /** Largest accepted JSON body (express/body-parser syntax), default 1mb. */
  bodyLimit?: number | string;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** Requests a minute per API key (0 = no limit); default 600. */
  rateLimitPerMinute?: number;
  /** Counts requests and commands; `GET /metrics` answers on this port only with `metricsToken`. */
  metrics?: Metrics;
  metricsToken?: string;
}

function expressApp(options: AppOptions, limiter: RateLimiter): express.Express {
  const bodyLimit = options.bodyLimit ?? "1mb";
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");

  app.use(requestLog(options.logger, options.metrics?.observeRequest));
  if (options.corsOrigins && options.corsOrigins.length > 0) app.use(cors(options.corsOrigins));
  // Read and serialised by the first request for it: parsing the 800 kB document was a tenth of a start.
  let openapiBody: string | undefined;
  app.get("/openapi.json", (_req, res) => {
    openapiBody ??= JSON.stringify(servedDocument(options.publicUrl));
    res.type("application/json").send(openapiBody);
  });
  if (options.metrics && options.metricsToken) app.get("/metrics", metricsRoute(options.metrics, options.metricsToken));
  app.get("/", (_req, res) => res.redirect(302, "/console/"));
  app.use(referenceRoutes());
  app.use("/console", consoleRouter());

  // MCP has its own auth and body parsing, ahead of the REST middleware below.
  app.use(
    "/api/mcp",
    mcpRouter({ runtime: options.runtime, keys: options.keys, logger: options.logger, version: options.version, bodyLimit, limiter }),
  );
  const auth = { keys: options.keys, sessions: options.sessions };
  app.use("/api/v1/session", sessionRouter(auth, bodyLimit));
  // Signed by the lead source, not sent with an API key: ahead of the key check.
  app.use("/api/v1/lead-sources", leadSourceCallbackRouter(options.leadSource));
  app.use("/api/v1", requireApiKey(auth));
  app.use("/api/v1", rateLimit(limiter));
  // Ahead of the JSON parser: an upload's body is streamed to disk, never parsed.
  app.use("/api/v1/uploads", uploadsRouter(options.uploads));
  app.use(express.json({ limit: bodyLimit, strict: false }));
  // After the key and the rate limit (401 and 429 come first), before every route below.
  app.use(requestValidator());
  app.get("/healthz", health(options.store, options.version));
  app.get("/readyz", readiness(options.store));
  app.get("/api/v1/commands", listCommands);
  app.get("/api/v1/commands/:commandId/schema", commandSchema);
  app.get("/api/v1/resources", listResourcesRoute);
  app.get("/api/v1/resources/read", readResourceRoute(options.runtime));
  app.use("/api/v1/approvals", approvalsRouter(options.runtime));
  app.get("/api/v1/permissions", permissionsRoute(options.policy));
  app.get("/api/v1/keys", listKeysRoute(options.keys));

  app.use((req, res) => sendPlainError(res, "route_not_found", `no route for ${req.method} ${req.path}`));
  app.use(errorHandler(options.logger));
  return app;
}

/**
 * The bundled document as this server serves it. Its `servers` entry is `/`, which OpenAPI resolves
 * against the address the document was fetched from (whatever host and port); behind a proxy that
 * rewrites paths or hosts, the configured public URL is named instead.
 */
function servedDocument(publicUrl: string | undefined): Record<string, unknown> {
  const doc = loadOpenApiDocument() as Record<string, unknown>;
  if (publicUrl === undefined) return doc;
  return {
    ...doc,
    servers: [{ url: publicUrl.replace(/\/+$/, ""), description: "This server, as its operator published it (SALESTOUCH_PUBLIC_URL)." }],
  };
}

/** The response header that carries the contract's semantic version (info.version of /openapi.json). */
const CONTRACT_VERSION_HEADER = "SalesTouch-Contract-Version";

export function createRequestListener(options: AppOptions): RequestListener {
  // One budget per key across the command endpoint, the other REST routes and MCP.
  const metrics = options.metrics;
  const limiter = createRateLimiter({
    perMinute: options.rateLimitPerMinute ?? 600,
    shared: options.store.sharedRateCounter,
    onRefused: metrics?.rateLimited,
  });
  const runtime = metrics ? metrics.meter(options.runtime) : options.runtime;
  // Every route but the command endpoint, built by the first request that is not a command: Express,
  // its body parsers and MIME tables (the bundles load them on first use) and building the app
  // were a fifth of a start, in front of the first command.
  let app: express.Express | undefined;
  const commands = commandEndpoint({
    runtime,
    auth: { keys: options.keys, sessions: options.sessions },
    logger: options.logger,
    limiter,
    // 1mb as body-parser counts it (1,048,576 bytes), as a number: the command endpoint reads plain JSON bodies itself within it.
    bodyLimit: options.bodyLimit ?? 1_048_576,
    observe: metrics?.observeRequest,
    cors: options.corsOrigins && options.corsOrigins.length > 0 ? corsHeaders(options.corsOrigins) : null,
  });
  // Each request's W3C trace is taken from its headers by trackRequest (request-log.ts), and handed
  // along from there: its log lines and the webhooks it causes carry it.
  return (req, res) => {
    // Every answer, from the command endpoint or Express, names the contract version it speaks.
    res.setHeader(CONTRACT_VERSION_HEADER, CONTRACT_VERSION);
    const commandId = commands.match(req);
    if (commandId !== null) return commands.handle(req, res, commandId);
    app ??= expressApp({ ...options, runtime }, limiter);
    app(req, res);
  };
}
