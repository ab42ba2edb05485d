// Turns errors raised around a route (body parser, database, a bug) into clear answers: a
// catalogue code, never a stack trace.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode, ErrorDetail } from "@salestouch/contracts";
import { isDatabaseUnavailable } from "@salestouch/host";
import { tracedLogger, type Logger } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { notJson, requestErrorEnvelope, sendEnvelope, sendPlainError, tooLarge } from "./http-errors.js";
import { pathOf, requestFactsOf } from "./request-log.js";

export interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  /** body-parser's sizes on entity.too.large, in bytes. */
  length?: number;
  limit?: number;
  errors?: { path?: string; message?: string }[];
}

interface Classified {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  hint?: string;
}

function classify(error: HttpishError): Classified {
  const status = error.status ?? error.statusCode ?? 500;
  // The database not answering while a key is checked (PostgreSQL down, SQLite locked): retryable, not a bug.
  if (isDatabaseUnavailable(error))
    return {
      code: "unavailable",
      message: "the database does not answer; the request was not run",
      hint: "Retry in a moment; if it lasts, check the database (DATABASE_URL) and /readyz.",
    };
  if (error.type === "entity.parse.failed")
    return {
      code: "malformed_request",
      message: `the request body is not valid JSON: ${error.message ?? "parse error"}`,
      hint: 'Send a JSON object such as {"input": {...}}.',
    };
  if (error.type === "entity.too.large" || status === 413) return { code: "payload_too_large", ...tooLarge(error.length, error.limit) };
  if (status === 415) return { code: "unsupported_media_type", ...notJson(undefined) };
  if (status === 405) return { code: "method_not_allowed", message: error.message ?? "method not allowed" };
  if (status === 404) return { code: "route_not_found", message: error.message ?? "not found" };
  if (status === 400) {
    // express-openapi-validator's findings: each names a JSON pointer into the request (/query/limit, /params/…, /body/…).
    const details = (error.errors ?? []).map((e) => ({ path: e.path ?? "/", message: e.message ?? "is invalid" }));
    return {
      code: "malformed_request",
      message: `the request does not match its route: ${details.map((d) => `${d.path} ${d.message}`).join("; ") || error.message}`,
      details,
      hint: "Fix the values listed in error.details; GET /openapi.json describes each route's path parameters, query and body.",
    };
  }
  return { code: "internal_error", message: "the server failed to complete the request" };
}

/**
 * Answers `error`: as an envelope when it belongs to a command call (`command` given), else as a
 * plain body. Logs what is a fault of the server, with the request id.
 */
export function answerError(
  logger: Logger,
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: unknown,
  command?: { id: string; input: unknown },
): void {
  try {
    const { code, message, details, hint } = classify((error ?? {}) as HttpishError);
    if (code === "internal_error") {
      tracedLogger(logger, requestFactsOf(res)?.trace).error("request failed", {
        request_id: requestId,
        path: pathOf(req),
        error: error instanceof Error ? error.stack : String((error as HttpishError | null)?.message),
      });
    }
    if (res.headersSent) return;
    if (command && code !== "route_not_found" && code !== "method_not_allowed") {
      sendEnvelope(res, requestErrorEnvelope(command.id, command.input, code, message, { details, hint }));
      return;
    }
    sendPlainError(res, code, message, hint, details);
  } catch (fault) {
    // Never fall through to a default handler, which would print a stack trace.
    tracedLogger(logger, requestFactsOf(res)?.trace).error("error handler failed", {
      request_id: requestId,
      error: fault instanceof Error ? fault.stack : String(fault),
    });
    if (!res.headersSent) sendPlainError(res, "internal_error");
  }
}

/** The Express form, last in the chain. */
export function errorHandler(logger: Logger) {
  return (error: HttpishError, req: Request, res: Response, _next: NextFunction): void => {
    answerError(logger, error, req, res, res.locals["requestId"]);
  };
}
