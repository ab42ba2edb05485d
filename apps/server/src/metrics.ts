// Prometheus metrics (prom-client): requests by route, commands by outcome and their latency,
// import rows by outcome, rate-limit refusals, and — read from the database at each scrape, so
// every process and replica agrees — approvals by status, webhook deliveries, the connection pool
// and transaction retries. docs/operations.md lists the names and what to alert on.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { commandIds, isCommandId, registry as commandRegistry } from "@salestouch/contracts";
import { secretsEqual, type Runtime } from "@salestouch/runtime";
import type { Store } from "@salestouch/store";
import type { Registry } from "prom-client";
import type { RequestFacts } from "./request-log.js";

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Import-run output counts (the published import outputs), by the outcome label they become. */
const IMPORT_COUNTS = { created_count: "created", updated_count: "updated", skipped_count: "skipped", invalid_count: "invalid" } as const;

export interface Metrics {
  readonly registry: Registry;
  /** Counts an answered HTTP request (the request log's observer). */
  observeRequest(req: IncomingMessage, res: ServerResponse, facts: RequestFacts, seconds: number): void;
  /** Counts a request refused by the rate limit. */
  rateLimited(): void;
  /** The runtime, with every command it executes counted and timed. */
  meter(runtime: Runtime): Runtime;
}

/** A route as a low-cardinality label: Express's matched pattern, the command endpoint's template, else "unmatched". */
function routeOf(req: IncomingMessage, facts: RequestFacts): string {
  if (facts.commandId !== undefined) return "/api/v1/commands/{command_id}";
  const express = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  const path = express.route?.path;
  if (typeof path === "string") return `${express.baseUrl ?? ""}${path}`;
  if ((req.url ?? "").startsWith("/api/mcp")) return "/api/mcp";
  return "unmatched";
}

/** prom-client is loaded here, when metrics are asked for, so a server without them does not load it at start. */
export async function createMetrics(store: Store): Promise<Metrics> {
  const { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } = await import("prom-client");
  const registry = new Registry();
  registry.setDefaultLabels({ service: "salestouch" });
  collectDefaultMetrics({ register: registry, prefix: "salestouch_" });

  const requests = new Counter({
    name: "salestouch_http_requests_total",
    help: "HTTP requests answered, by route, method and status",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "salestouch_http_request_duration_seconds",
    help: "HTTP request latency by route",
    labelNames: ["route"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const commands = new Counter({
    name: "salestouch_commands_total",
    help: "Commands executed, by command and outcome (ok, held, or the error code)",
    labelNames: ["command", "outcome"],
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: "salestouch_command_duration_seconds",
    help: "Command latency, by command",
    labelNames: ["command"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const importRows = new Counter({
    name: "salestouch_import_rows_total",
    help: "Rows of import runs, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const refused = new Counter({
    name: "salestouch_rate_limited_total",
    help: "Requests and MCP calls refused by the per-key rate limit",
    registers: [registry],
  });

  // prom-client collects every gauge at once; gauges fed by the same query share the read in flight.
  const perScrape = <T>(read: () => Promise<T>): (() => Promise<T | null>) => {
    let inFlight: Promise<T | null> | null = null;
    return () => {
      // An unreachable database leaves these gauges out; /readyz reports it.
      inFlight ??= read()
        .catch(() => null)
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    };
  };
  const approvals = perScrape(async () => ({ now: Date.now(), ...(await store.repositories.approvals.statusCounts(new Date().toISOString())) }));
  const outbox = perScrape(() => store.repositories.outbox.deliveryCounts());
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    collect: (set: (value: number, labels?: Record<string, string>) => void) => Promise<void> | void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await collect((value, labels) => (labels ? this.set(labels, value) : this.set(value)));
      },
    });

  gauge(
    "salestouch_approvals",
    "Approval requests of every workspace, by status (a pending request past its expiry counts as expired)",
    ["status"],
    async (set) => {
      for (const [status, n] of Object.entries((await approvals())?.counts ?? {})) set(n, { status });
    },
  );
  gauge(
    "salestouch_approval_oldest_pending_age_seconds",
    "Age of the oldest approval request still waiting for a person (0 when none)",
    [],
    async (set) => {
      const read = await approvals();
      if (read) set(read.oldestPendingAt === null ? 0 : Math.max(0, (read.now - Date.parse(read.oldestPendingAt)) / 1000));
    },
  );
  gauge("salestouch_outbox_items", "Dispatched LinkedIn messages in the outbox, by delivery status", ["status"], async (set) => {
    for (const row of (await outbox()) ?? []) set(row.items, { status: row.status });
  });
  gauge(
    "salestouch_webhook_delivery_attempts",
    "Webhook delivery attempts made for outbox items, by the items' status (attempts beyond one per item are retries)",
    ["status"],
    async (set) => {
      for (const row of (await outbox()) ?? []) set(row.attempts, { status: row.status });
    },
  );
  gauge(
    "salestouch_db_pool_connections",
    "PostgreSQL pool connections, by state (in_use, idle) and requests waiting for one (waiting)",
    ["state"],
    (set) => {
      const { pool } = store.stats();
      if (!pool) return;
      set(pool.total - pool.idle, { state: "in_use" });
      set(pool.idle, { state: "idle" });
      set(pool.waiting, { state: "waiting" });
    },
  );
  gauge(
    "salestouch_db_transaction_retries",
    "Transactions run again after losing a race to another transaction, since the process started",
    [],
    (set) => set(store.stats().transactionRetries),
  );

  function countImport(data: unknown): void {
    if (data === null || typeof data !== "object" || (data as { already_exists?: unknown }).already_exists === true) return;
    for (const [field, outcome] of Object.entries(IMPORT_COUNTS)) {
      const n = (data as Record<string, unknown>)[field];
      if (typeof n === "number" && n > 0) importRows.inc({ outcome }, n);
    }
  }

  return {
    registry,
    observeRequest(req, res, facts, seconds) {
      const route = routeOf(req, facts);
      requests.inc({ route, method: req.method ?? "GET", status: String(res.statusCode) });
      requestSeconds.observe({ route }, seconds);
    },
    rateLimited: () => refused.inc(),
    meter(runtime) {
      return {
        approvals: runtime.approvals,
        async execute(commandId, input, ctx) {
          const started = process.hrtime.bigint();
          const envelope = await runtime.execute(commandId, input, ctx);
          // Unknown ids share one label, so a caller cannot grow the series without bound.
          const command = isCommandId(commandId, commandIds) ? commandId : "unknown";
          const outcome = envelope.ok ? (envelope.status === 202 ? "held" : "ok") : (envelope.error?.code ?? "error");
          commands.inc({ command, outcome });
          commandSeconds.observe({ command }, Number(process.hrtime.bigint() - started) / 1e9);
          if (envelope.ok && envelope.status === 200 && command !== "unknown" && commandRegistry[command].descriptor.category === "imports")
            countImport(envelope.data);
          return envelope;
        },
      };
    },
  };
}

async function writeMetrics(metrics: Metrics, res: ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
  res.end(body);
}

/** `GET /metrics` on the API's port: only to `Authorization: Bearer <SALESTOUCH_METRICS_TOKEN>`. */
export function metricsRoute(metrics: Metrics, token: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (given === undefined || !secretsEqual(given, token)) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" });
      res.end(JSON.stringify({ error: { code: "unauthenticated", message: "GET /metrics needs Authorization: Bearer <SALESTOUCH_METRICS_TOKEN>" } }));
      return;
    }
    writeMetrics(metrics, res).catch(() => res.writeHead(500).end());
  };
}

/** A listener of its own (SALESTOUCH_METRICS_LISTEN) that answers `GET /metrics` and nothing else. */
export async function startMetricsServer(metrics: Metrics, address: string): Promise<{ url: string; close(): Promise<void> }> {
  const split = address.lastIndexOf(":");
  const host = address.slice(0, split).replace(/^\[|\]$/g, "");
  const server = createServer((req, res) => {
    if (req.method === "GET" && (req.url === "/metrics" || req.url?.startsWith("/metrics?"))) {
      writeMetrics(metrics, res).catch(() => res.writeHead(500).end());
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("this address serves GET /metrics only\n");
  });
  server.listen(Number(address.slice(split + 1)), host);
  await once(server, "listening");
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
