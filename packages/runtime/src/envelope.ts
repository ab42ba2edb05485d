// Builds the envelope every surface returns (docs/contract.md "Envelope"); the types live in contracts.
import type { Envelope, EnvelopeErrorBody, EnvelopeMeta } from "@salestouch/contracts";
import type { CommandError } from "./errors.js";

export function successEnvelope<T>(data: T, meta: EnvelopeMeta, status = 200): Envelope<T> {
  return { ok: true, status, data, error: null, meta };
}

export function errorEnvelope(error: CommandError, meta: EnvelopeMeta): Envelope<never> {
  const body: EnvelopeErrorBody = { code: error.code, message: error.message, hint: error.hint, retryable: error.retryable };
  if (error.details) body.details = error.details;
  if (error.suggestions) body.suggestions = error.suggestions;
  return { ok: false, status: error.httpStatus, data: null, error: body, meta };
}
