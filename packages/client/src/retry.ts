// When and how long to wait before sending a call again. Only the decision and the delay live here;
// the loop is in client.ts. Retried: 429 and 503 answers and calls that got no answer (network
// error, timeout) — and only calls that are safe to repeat: reads, or writes carrying an
// Idempotency-Key (the server then runs them at most once).

export interface RetryOptions {
  /** Retries after the first attempt (0 turns retrying off). Default 2. */
  retries?: number;
  /** First backoff delay; each retry doubles it, with full jitter. Default 200 ms. */
  minDelayMs?: number;
  /** Largest backoff delay. Default 5 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the answer is returned (or thrown) as it is. Default 60 s. */
  maxRetryAfterMs?: number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(options: RetryOptions | number | false | undefined): ResolvedRetry {
  const given: RetryOptions = options === false ? { retries: 0 } : typeof options === "number" ? { retries: options } : (options ?? {});
  const retries = given.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) throw new TypeError(`retries must be a whole number ≥ 0, got ${String(retries)}`);
  return { retries, minDelayMs: given.minDelayMs ?? 200, maxDelayMs: given.maxDelayMs ?? 5_000, maxRetryAfterMs: given.maxRetryAfterMs ?? 60_000 };
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The wait before retry number `retry` (1-based): the server's Retry-After when it gave one, else exponential backoff with full jitter. */
export function backoffMs(retry: number, policy: ResolvedRetry, retryAfter: number | null, random = Math.random): number {
  if (retryAfter !== null) return retryAfter;
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
