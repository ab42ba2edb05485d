// Failures that are not command results. A command that ran and failed answers a result with
// ok: false (see results.ts); everything else — no answer, a timeout, a rejected key, a route that
// is not there — is thrown as an ApiError whose `kind` says which.

/**
 * - `http`: the server answered without a command envelope (401/403 plain error bodies, 404 routes,
 *   429/503 from a proxy, anything not this contract). `status` is the HTTP status.
 * - `network`: no answer (connection refused or reset, DNS). `status` is 0.
 * - `timeout`: no answer within the call's `timeoutMs`. `status` is 0.
 * - `aborted`: the caller's AbortSignal fired. `status` is 0.
 */
export type ApiErrorKind = "http" | "network" | "timeout" | "aborted";

export interface ApiErrorOptions {
  kind?: ApiErrorKind;
  /** How many requests were sent before giving up (retries included). */
  attempts?: number;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly attempts: number;

  constructor(
    /** The HTTP status, or 0 when no response came back. */
    readonly status: number,
    /** The error code of the plain body (`unauthenticated`, `forbidden`, …), or `network_error`, `timeout`, `aborted`. */
    readonly code: string,
    message: string,
    readonly hint?: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.kind = options.kind ?? "http";
    this.attempts = options.attempts ?? 1;
  }
}
