// The REST table: catalogue codes → responses. Command results are envelopes; authentication,
// authorization and routing failures are plain {"error": {...}} bodies (contract.md "Envelope").
import { errorCatalogue, type Envelope, type ErrorCode, type ErrorDetail, type PlainErrorBody } from "@salestouch/contracts";
import { CommandError, commandHash, errorEnvelope } from "@salestouch/runtime";
import type { Response } from "express";

/** Codes answered with a plain body instead of an envelope. */
export const PLAIN_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["unauthenticated", "forbidden", "route_not_found", "method_not_allowed"]);

export function sendPlainError(res: Response, code: ErrorCode, message?: string, hint?: string): void {
  const entry = errorCatalogue[code];
  const body: PlainErrorBody = { error: { message: message ?? entry.message, code, hint: hint ?? entry.hint } };
  if (code === "unauthenticated") res.setHeader("WWW-Authenticate", 'Bearer realm="salestouch"');
  res.status(entry.http_status).json(body);
}

/** Sends a command result, or the plain body when the runtime refused the principal. */
export function sendEnvelope(res: Response, envelope: Envelope): void {
  if (!envelope.ok && PLAIN_ERROR_CODES.has(envelope.error.code as ErrorCode)) {
    sendPlainError(res, envelope.error.code as ErrorCode, envelope.error.message, envelope.error.hint);
    return;
  }
  res.status(envelope.status).type("application/json").end(JSON.stringify(envelope));
}

/** An error envelope for a request that never reached the runtime (bad body, bad content type). */
export function requestErrorEnvelope(commandId: string, input: unknown, code: ErrorCode, message: string, options: { hint?: string; details?: ErrorDetail[] } = {}): Envelope {
  const meta = { approval_required: false, approval_request_id: null, command_hash: commandHash(commandId, input ?? null), warnings: [] };
  return errorEnvelope(new CommandError(code, message, options), meta);
}
