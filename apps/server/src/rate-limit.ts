// A per-key token bucket: `perMinute` requests a minute with bursts up to that many; past it,
// 429 with Retry-After. Held in this process — see docs/deploy.md for replicas.
import type { NextFunction, Request, Response } from "express";
import { requestErrorEnvelope, sendEnvelope, sendPlainError } from "./http-errors.js";

interface Bucket {
  tokens: number;
  updated: number;
}

export function rateLimit(options: { perMinute: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const rate = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (options.perMinute <= 0) return next();
    const key = String(res.locals["keyId"] ?? req.ip);
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: options.perMinute, updated: t };
    bucket.tokens = Math.min(options.perMinute, bucket.tokens + (t - bucket.updated) * rate);
    bucket.updated = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
    res.setHeader("Retry-After", String(retryAfter));
    const message = `this API key sent more than ${options.perMinute} requests in a minute; retry in ${retryAfter} s`;
    const command = req.method === "POST" ? /^\/(?:api\/v1\/)?commands\/([^/]+)$/.exec(req.path)?.[1] : undefined;
    if (command) sendEnvelope(res, requestErrorEnvelope(decodeURIComponent(command), null, "rate_limited", message));
    else sendPlainError(res, "rate_limited", message);
  };
}
