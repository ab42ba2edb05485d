// Per-key rate limit: `perMinute` requests a minute; past it, 429 with Retry-After. Counted in this
// process (a token bucket, bursts up to the limit) unless the store offers a counter all replicas
// share (one-minute windows on PostgreSQL). One limiter serves REST and MCP, so a key has one budget.
import type { ServerResponse } from "node:http";
import type { RateCounter } from "@salestouch/store";
import type { NextFunction, Request, Response } from "express";
import { requestErrorEnvelope, sendEnvelope, sendPlainError } from "./http-errors.js";

const MINUTE = 60_000;

interface Bucket {
  tokens: number;
  updated: number;
}

export interface RateLimitOptions {
  perMinute: number;
  /** A counter shared across replicas; the process's own buckets when absent. */
  shared?: RateCounter | null;
  now?: () => number;
  /** Told of each refusal (metrics). */
  onRefused?: (() => void) | undefined;
}

/** Milliseconds to wait, or 0 when the `count` requests may go ahead (at once for the process's own buckets). */
type Check = (subject: string, at: number, count: number) => number | Promise<number>;

function localBuckets(perMinute: number): Check {
  const rate = perMinute / MINUTE;
  const buckets = new Map<string, Bucket>();
  return (subject, at, count) => {
    const bucket = buckets.get(subject) ?? { tokens: perMinute, updated: at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updated) * rate);
    bucket.updated = at;
    buckets.set(subject, bucket);
    if (bucket.tokens < count) return (count - bucket.tokens) / rate;
    bucket.tokens -= count;
    return 0;
  };
}

function sharedWindows(counter: RateCounter, perMinute: number): Check {
  return async (subject, at, count) => (await counter.hit(subject, perMinute, MINUTE, at, count)).retryAfterMs;
}

export interface RateLimiter {
  /**
   * Counts one request of `subject` (a key id, else the client address). True when it may go
   * ahead; otherwise the 429 has been sent — an envelope for a command, a plain body elsewhere.
   * A value, not a promise, when the process counts alone.
   */
  admit(subject: string, res: ServerResponse, commandId: string | null, count?: number): boolean | Promise<boolean>;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const check = options.shared ? sharedWindows(options.shared, options.perMinute) : localBuckets(options.perMinute);
  return {
    admit(subject, res, commandId, count = 1) {
      if (options.perMinute <= 0) return true;
      if (count > options.perMinute) {
        res.setHeader("Retry-After", "60");
        sendPlainError(
          res,
          "rate_limited",
          `one request carried ${count} calls, more than this API key may send in a minute (${options.perMinute}); send fewer calls per request`,
        );
        return false;
      }
      let waiting: number | Promise<number>;
      try {
        waiting = check(subject, now(), count);
      } catch {
        return true;
      }
      // An unreachable counter refuses nothing: the command itself will report the database.
      if (typeof waiting !== "number")
        return waiting.then(
          (waitMs) => answered(waitMs, res, commandId),
          () => true,
        );
      return answered(waiting, res, commandId);
    },
  };

  /** True when nothing is to wait; else answers 429 and gives false. */
  function answered(waitMs: number, res: ServerResponse, commandId: string | null): boolean {
    if (waitMs <= 0) return true;
    options.onRefused?.();
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    res.setHeader("Retry-After", String(retryAfter));
    const message = `this API key sent more than ${options.perMinute} requests in a minute; retry in ${retryAfter} s`;
    if (commandId !== null) sendEnvelope(res, requestErrorEnvelope(commandId, null, "rate_limited", message));
    else sendPlainError(res, "rate_limited", message);
    return false;
  }
}

/** The Express form, after requireApiKey, for every route but the command endpoint (which calls admit itself). */
export function rateLimit(limiter: RateLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = res.locals["principal"] as { keyId?: string | null } | undefined;
    if (await limiter.admit(String(principal?.keyId ?? req.ip), res, null)) next();
  };
}
