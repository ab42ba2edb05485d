// POST /api/v1/commands/{command_id}: unwrap {input, response_profile}, run, answer with the envelope.
//
// The busiest route is served on node's HTTP server directly, ahead of the Express app: the same
// steps as the Express chain (request id and log line, CORS, key, rate limit, JSON body) called
// in order, without the router's per-layer cost, which was most of the gap to a bare server
// (docs/performance.md, docs/decisions/0006). Every other route stays in Express.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SURFACE_HEADER, surfaceOf, type Logger, type Runtime } from "@salestouch/runtime";
import express from "express";
import { authenticateRequest, type RequestAuth } from "../auth.js";
import type { CorsStep } from "../cors.js";
import { answerError } from "../error-handler.js";
import { notJson, requestErrorEnvelope, sendEnvelope } from "../http-errors.js";
import type { RateLimiter } from "../rate-limit.js";
import { trackRequest, type RequestFacts, type RequestObserver } from "../request-log.js";

export interface CommandEndpointOptions {
  runtime: Runtime;
  /** API keys, and console sessions with their CSRF token. */
  auth: RequestAuth;
  logger: Logger;
  limiter: RateLimiter;
  /** Largest accepted JSON body (body-parser syntax). */
  bodyLimit: number | string;
  cors: CorsStep | null;
  /** Told of every answered request (metrics). */
  observe?: RequestObserver | undefined;
}

export interface CommandEndpoint {
  /** The encoded command id when the request is POST /api/v1/commands/{command_id}, else null. */
  match(req: IncomingMessage): string | null;
  handle(req: IncomingMessage, res: ServerResponse, encodedId: string): void;
}

const ROUTE = /^\/api\/v1\/commands\/([^/?#]+)\/?(?:\?.*)?$/;
/** application/json, in UTF-8 (said or not): the body nearly every call sends. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
const DIGITS = /^\d+$/;
const JSON_MEDIA_TYPE = /^application\/json\s*(?:;|$)/i;

type CommandRequest = { input: unknown; profile: "full" | "compact"; approvalRequestId: string | null };

/** The wrapper around the input, checked; an error envelope when it is not one. */
function unwrap(commandId: string, body: unknown): CommandRequest | ReturnType<typeof requestErrorEnvelope> {
  if (body === null || typeof body !== "object" || Array.isArray(body) || !("input" in body)) {
    return requestErrorEnvelope(commandId, null, "malformed_request", 'the request body must be a JSON object with the command input under "input"', {
      hint: `Wrap the command input: {"input": {...}, "response_profile": "full"}.`,
      details: [{ path: "/input", message: "is required" }],
    });
  }
  const {
    input,
    response_profile: profile,
    approval_request_id: approvalRequestId,
  } = body as { input: unknown; response_profile?: unknown; approval_request_id?: unknown };
  if (profile !== undefined && profile !== "full" && profile !== "compact") {
    return requestErrorEnvelope(commandId, input, "malformed_request", 'response_profile must be "full" or "compact"', {
      details: [{ path: "/response_profile", message: "must be equal to one of the allowed values: full, compact" }],
    });
  }
  if (approvalRequestId !== undefined && (typeof approvalRequestId !== "string" || approvalRequestId === "" || approvalRequestId.length > 100)) {
    return requestErrorEnvelope(commandId, input, "malformed_request", "approval_request_id must be the id of an approval request (apr_...)", {
      details: [{ path: "/approval_request_id", message: "must be a string such as meta.approval_request_id of the held call" }],
    });
  }
  return { input, profile: profile ?? "full", approvalRequestId: approvalRequestId ?? null };
}

type BodyRead = { error?: unknown; body?: unknown };

/**
 * The body's length when the request is the plain case — JSON in UTF-8, not compressed, with a
 * Content-Length within the limit — else null, and body-parser reads it (compressed bodies,
 * other charsets and media types, chunked bodies, bodies over the limit and their error answers).
 */
function plainJsonLength(req: IncomingMessage, limit: number | string): number | null {
  if (typeof limit !== "number" || req.headers["transfer-encoding"] !== undefined) return null;
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return null;
  const length = req.headers["content-length"];
  if (length === undefined || !DIGITS.test(length) || !PLAIN_JSON.test(req.headers["content-type"] ?? "")) return null;
  const bytes = Number(length);
  return bytes <= limit ? bytes : null;
}

/**
 * The plain case read as body-parser reads it (an empty body is {}, a byte-order mark is dropped,
 * a syntax error is entity.parse.failed with JSON.parse's message, a request cut off is
 * request.aborted), without its stream wrappers, decoders and checks that this case does not need:
 * they cost a few percent of a small command's time (docs/performance.md, third round).
 */
function readPlainJson(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (read: BodyRead): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("aborted", onAborted);
      req.off("error", onError);
      resolve(read);
    };
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    const onAborted = (): void => finish({ error: { status: 400, type: "request.aborted", message: "request aborted" } });
    const onError = (error: Error): void => finish({ error: { status: 400, message: error.message } });
    const onEnd = (): void => {
      let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) {
        finish({ body: {} });
        return;
      }
      try {
        finish({ body: JSON.parse(text) as unknown });
      } catch (error) {
        finish({ error: { status: 400, type: "entity.parse.failed", message: (error as Error).message } });
      }
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("aborted", onAborted);
    req.on("error", onError);
  });
}

export function commandEndpoint(options: CommandEndpointOptions): CommandEndpoint {
  const { runtime, auth, logger, limiter } = options;
  // body-parser, as Express uses it: the same limits, charsets, encodings and error types. Made by
  // the first body that is not plain JSON, so a start does not load Express for it.
  type Parser = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  let parseJson: Parser | undefined;
  const readBody = (req: IncomingMessage, res: ServerResponse): Promise<BodyRead> => {
    if (plainJsonLength(req, options.bodyLimit) !== null) return readPlainJson(req);
    parseJson ??= express.json({ limit: options.bodyLimit, strict: false }) as unknown as Parser;
    const parse = parseJson;
    return new Promise((resolve) => parse(req, res, (error) => resolve(error ? { error } : { body: (req as { body?: unknown }).body })));
  };

  async function run(req: IncomingMessage, res: ServerResponse, encodedId: string, facts: RequestFacts): Promise<void> {
    const { requestId } = facts;
    let commandId: string;
    try {
      commandId = decodeURIComponent(encodedId);
    } catch {
      answerError(logger, { status: 400, message: `the command id in the path is not valid percent-encoding: ${encodedId}` }, req, res, requestId, {
        id: encodedId,
        input: null,
      });
      return;
    }
    facts.commandId = commandId;
    // The body is read while the key is looked up; a refused key never reaches the parser's result.
    const body = readBody(req, res);
    // The key and the rate limit answer with a value when nothing has to wait (a cached key, the
    // process's own buckets): awaiting only a promise spares the call two (docs/performance.md).
    const authenticating = authenticateRequest(auth, req, res);
    const principal = authenticating instanceof Promise ? await authenticating : authenticating;
    if (!principal) return;
    facts.keyId = principal.keyId;
    const admitting = limiter.admit(String(principal.keyId ?? req.socket.remoteAddress), res, commandId);
    if (!(typeof admitting === "boolean" ? admitting : await admitting)) return;
    const read = await body;
    if (read.error !== undefined) {
      answerError(logger, read.error, req, res, requestId, { id: commandId, input: null });
      return;
    }
    if (!JSON_MEDIA_TYPE.test(req.headers["content-type"] ?? "")) {
      const { message, hint } = notJson(req.headers["content-type"]);
      sendEnvelope(res, requestErrorEnvelope(commandId, null, "unsupported_media_type", message, { hint }));
      return;
    }
    const call = unwrap(commandId, read.body);
    if ("ok" in call) {
      sendEnvelope(res, call);
      return;
    }
    const envelope = await runtime.execute(commandId, call.input, {
      principal,
      profile: call.profile,
      requestId,
      approvalRequestId: call.approvalRequestId,
      // The CLI and MCP in remote mode say who reads the answer, so its hints name their means.
      surface: surfaceOf(req.headers[SURFACE_HEADER]),
      idempotencyKey: typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null,
      trace: facts.trace,
    });
    sendEnvelope(res, envelope);
  }

  return {
    match(req) {
      return req.method === "POST" ? (ROUTE.exec(req.url ?? "")?.[1] ?? null) : null;
    },
    handle(req, res, encodedId) {
      const facts = trackRequest(logger, req, res, options.observe);
      if (options.cors) options.cors(req, res);
      run(req, res, encodedId, facts).catch((error: unknown) =>
        answerError(logger, error, req, res, facts.requestId, { id: facts.commandId ?? encodedId, input: null }),
      );
    },
  };
}
