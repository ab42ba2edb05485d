// /api/mcp: MCP over Streamable HTTP, stateless — a new server and transport per request (sharing
// one is an open upstream bug), bound to the principal of the request's API key. A key sees only
// the tools its scopes allow.
import type { KeyService } from "@salestouch/host";
import { createMcpServer, runtimeExecutor } from "@salestouch/mcp";
import { hasScope, requiredScope, tracedLogger, type Logger, type Runtime } from "@salestouch/runtime";
import express, { type NextFunction, type Request, type Response } from "express";
import { principalOf, requireApiKey } from "../auth.js";
import { rateLimit, type RateLimiter } from "../rate-limit.js";
import type { RequestFacts } from "../request-log.js";

export interface McpRouteOptions {
  runtime: Runtime;
  keys: KeyService;
  logger: Logger;
  version: string;
  bodyLimit: number | string;
  /** The per-key rate limit shared with /api/v1. */
  limiter: RateLimiter;
}

/**
 * Every tools/call counts against the rate limit, however it is framed: the HTTP request counted
 * one (rateLimit before the body is read), a JSON-RPC batch counts each further call it carries.
 */
function countEveryToolCall(limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const calls = messages.filter((m) => m !== null && typeof m === "object" && (m as { method?: unknown }).method === "tools/call").length;
    if (calls <= 1) return next();
    const principal = res.locals["principal"] as { keyId?: string | null } | undefined;
    if (await limiter.admit(String(principal?.keyId ?? req.ip), res, null, calls - 1)) next();
  };
}

/**
 * The SDK's HTTP transport, loaded by the first MCP request. Why: it brings a layer over Node's
 * fetch implementation whose loading was several milliseconds of every server start, for an
 * endpoint many deployments never call. (The MCP server itself stays a static import: the bundle
 * must evaluate zod, which the settings use, at start.)
 */
let transportModule: Promise<typeof import("@modelcontextprotocol/sdk/server/streamableHttp.js")> | undefined;
const loadTransport = () => (transportModule ??= import("@modelcontextprotocol/sdk/server/streamableHttp.js"));

function handle(options: McpRouteOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const principal = principalOf(res);
    const facts = res.locals["facts"] as RequestFacts | undefined;
    const { StreamableHTTPServerTransport } = await loadTransport();
    const server = createMcpServer({
      executor: runtimeExecutor(options.runtime, { principal, requestId: res.locals["requestId"] as string, trace: facts?.trace }),
      tools: { allow: (descriptor) => hasScope(principal, requiredScope(descriptor)) },
      // ?schemas=full serves every schema verbatim (docs/mcp.md "Context budget").
      schemas: req.query["schemas"] === "full" ? "full" : "concise",
      version: options.version,
      logger: tracedLogger(options.logger, facts?.trace),
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };
}

/** Stateless: there is no session stream to open (GET) or end (DELETE). */
function methodNotAllowed(_req: Request, res: Response): void {
  res
    .status(405)
    .set("Allow", "POST")
    .json({
      jsonrpc: "2.0",
      error: { code: -32000, message: "Method not allowed: this MCP endpoint is stateless; send JSON-RPC requests with POST" },
      id: null,
    });
}

/** A body that is not JSON is a JSON-RPC parse error, not a REST one. */
function parseError(error: { type?: string }, _req: Request, res: Response, next: NextFunction): void {
  if (error.type !== "entity.parse.failed") {
    next(error);
    return;
  }
  res.status(400).json({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error: the request body is not valid JSON" }, id: null });
}

export function mcpRouter(options: McpRouteOptions): express.Router {
  const router = express.Router();
  router.use(requireApiKey({ keys: options.keys }));
  router.use(rateLimit(options.limiter));
  router.post("/", express.json({ limit: options.bodyLimit, strict: false }), countEveryToolCall(options.limiter), handle(options));
  router.all("/", methodNotAllowed);
  router.use(parseError);
  return router;
}
