// Builds the envelope every surface returns (docs/contract.md "Envelope"); the types live in contracts.
import type { Envelope, EnvelopeErrorBody, EnvelopeMeta } from "@salestouch/contracts";
import type { CommandError } from "./errors.js";
import type { Surface } from "./hints.js";

export function successEnvelope<T>(data: T, meta: EnvelopeMeta, status = 200): Envelope<T> {
  return { ok: true, status, data, error: null, meta };
}

/** The error envelope, its hint worded for the surface that asked (hints.ts). */
export function errorEnvelope(error: CommandError, meta: EnvelopeMeta, surface: Surface = "rest"): Envelope<never> {
  const body: EnvelopeErrorBody = { code: error.code, message: error.message, hint: error.hintFor(surface), retryable: error.retryable };
  if (error.details) body.details = error.details;
  if (error.suggestions) body.suggestions = error.suggestions;
  return { ok: false, status: error.httpStatus, data: null, error: body, meta };
}
