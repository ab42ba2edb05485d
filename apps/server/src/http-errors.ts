// The REST table: catalogue codes → responses. Command results are envelopes; authentication,
// authorization and routing failures are plain {"error": {...}} bodies (docs/contract.md "Envelope").
// Written with node's own response API, so the Express routes and the command endpoint share them.
import type { ServerResponse } from "node:http";
import { errorCatalogue, type Envelope, type ErrorCode, type ErrorDetail, type PlainErrorBody } from "@salestouch/contracts";
import { CommandError, commandHash, errorEnvelope } from "@salestouch/runtime";

/** Codes answered with a plain body instead of an envelope. */
const PLAIN_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["unauthenticated", "forbidden", "route_not_found", "method_not_allowed"]);

/** A JSON answer: status, content type and the text, in one write. */
function sendJson(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.end(text);
}

export function sendPlainError(res: ServerResponse, code: ErrorCode, message?: string, hint?: string, details?: ErrorDetail[]): void {
  const entry = errorCatalogue[code];
  const body: PlainErrorBody = {
    error: { message: message ?? entry.message, code, hint: hint ?? entry.hint, ...(details && details.length > 0 ? { details } : {}) },
  };
  if (code === "unauthenticated") res.setHeader("WWW-Authenticate", 'Bearer realm="salestouch"');
  sendJson(res, entry.http_status, JSON.stringify(body));
}

/** Sends a command result, or the plain body when the runtime refused the principal. */
export function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  if (!envelope.ok && PLAIN_ERROR_CODES.has(envelope.error.code as ErrorCode)) {
    sendPlainError(res, envelope.error.code as ErrorCode, envelope.error.message, envelope.error.hint);
    return;
  }
  sendJson(res, envelope.status, JSON.stringify(envelope));
}

/** An error envelope for a request that never reached the runtime (bad body, bad content type). */
export function requestErrorEnvelope(
  commandId: string,
  input: unknown,
  code: ErrorCode,
  message: string,
  options: { hint?: string; details?: ErrorDetail[] } = {},
): Envelope {
  const meta = { approval_required: false, approval_request_id: null, command_hash: commandHash(commandId, input ?? null), warnings: [] };
  return errorEnvelope(new CommandError(code, message, options), meta);
}

/** What to do instead of a CSV body or a body over the limit: said once, for both answers. */
const CSV_INSTEAD =
  "To import a CSV file of any size, upload it (POST /api/v1/uploads with Content-Type: text/csv and the file as the body, " +
  "e.g. curl --data-binary @export.csv) and run import.csv with the upload_id it answers; or let the CLI do both: " +
  'salestouch commands run import.csv --input-json \'{"mission_id": "mis_...", "name": "...", "csv_path": "export.csv"}\'.';

function megabytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The 413 answer: the size, the limit and how to get past it. */
export function tooLarge(length: number | undefined, limit: number | undefined): { message: string; hint: string } {
  const size = length === undefined ? "The request body" : `The request body (${megabytes(length)})`;
  const max = limit === undefined ? "this server's limit" : `this server's limit of ${megabytes(limit)}`;
  return {
    message: `${size} is larger than ${max} (SALESTOUCH_BODY_LIMIT).`,
    hint: `${CSV_INSTEAD} Whoever runs the server can raise the limit with SALESTOUCH_BODY_LIMIT (for example 10mb); large lead lists can also go in several import.leads calls.`,
  };
}

/** The 415 answer on a route that takes JSON. */
export function notJson(given: string | undefined): { message: string; hint: string } {
  return {
    message: `The request body must be sent as application/json, not ${given ?? "without a content type"}.`,
    hint: `Send Content-Type: application/json with {"input": {...}}. ${/csv/i.test(given ?? "") ? CSV_INSTEAD : ""}`.trim(),
  };
}
