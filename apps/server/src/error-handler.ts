// Turns errors raised before or around a route (body parser, OpenAPI validator) into clear answers.
import type { ErrorCode, ErrorDetail } from "@salestouch/contracts";
import { isDatabaseUnavailable } from "@salestouch/host";
import type { Logger } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { requestErrorEnvelope, sendEnvelope, sendPlainError } from "./http-errors.js";

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: { path?: string; message?: string }[];
}

const COMMAND_ROUTE = /^\/api\/v1\/commands\/([^/]+)$/;

function classify(error: HttpishError): { code: ErrorCode; message: string; details?: ErrorDetail[]; hint?: string } {
  const status = error.status ?? error.statusCode ?? 500;
  // The database not answering while a key is checked (PostgreSQL down, SQLite locked): retryable, not a bug.
  if (isDatabaseUnavailable(error)) return { code: "unavailable", message: "the database does not answer; the request was not run", hint: "Retry in a moment; if it lasts, check the database (DATABASE_URL) and /readyz." };
  if (error.type === "entity.parse.failed") return { code: "malformed_request", message: `the request body is not valid JSON: ${error.message ?? "parse error"}`, hint: "Send a JSON object such as {\"input\": {...}}." };
  if (error.type === "entity.too.large" || status === 413) return { code: "payload_too_large", message: error.message ?? "request entity too large" };
  if (status === 415) return { code: "unsupported_media_type", message: "the request body must be sent as application/json" };
  if (status === 405) return { code: "method_not_allowed", message: error.message ?? "method not allowed" };
  if (status === 404) return { code: "route_not_found", message: error.message ?? "not found" };
  if (status === 400) {
    const details = (error.errors ?? []).map((e) => ({ path: (e.path ?? "").replace(/^\/body/, "") || "/", message: e.message ?? "is invalid" }));
    return { code: "malformed_request", message: `the request is not a valid command request: ${details.map((d) => `${d.path} ${d.message}`).join("; ") || error.message}`, details };
  }
  return { code: "internal_error", message: "the server failed to complete the request" };
}

export function errorHandler(logger: Logger) {
  return (error: HttpishError, req: Request, res: Response, _next: NextFunction): void => {
    try {
      answer(error, req, res, logger);
    } catch (fault) {
      // Never fall through to Express's default handler, which would print a stack trace.
      logger.error("error handler failed", { request_id: res.locals["requestId"], error: fault instanceof Error ? fault.stack : String(fault) });
      if (!res.headersSent) sendPlainError(res, "internal_error");
    }
  };
}

function answer(error: HttpishError, req: Request, res: Response, logger: Logger): void {
  {
    const { code, message, details, hint } = classify(error);
    if (code === "internal_error") {
      logger.error("request failed", { request_id: res.locals["requestId"], path: req.path, error: error instanceof Error ? error.stack : String(error.message) });
    }
    if (res.headersSent) return;
    const commandRoute = req.method === "POST" ? COMMAND_ROUTE.exec(req.path) : null;
    if (commandRoute && !["route_not_found", "method_not_allowed"].includes(code)) {
      const input = (req.body as { input?: unknown } | undefined)?.input;
      sendEnvelope(res, requestErrorEnvelope(decodeURIComponent(commandRoute[1]!), input, code, message, { details, hint }));
      return;
    }
    sendPlainError(res, code, message, hint);
  }
}
