// CORS is off unless origins are configured (SALESTOUCH_CORS_ORIGINS): browsers on other origins
// then get exactly those origins allowed, with the auth headers an API client needs.
import type { NextFunction, Request, Response } from "express";

const ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, Idempotency-Key, X-Request-Id, Mcp-Protocol-Version";

export function cors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get("origin");
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
    if (req.method !== "OPTIONS") return next();
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}

/** `https://a.example, https://b.example` → the list; blank → none. */
export function parseOrigins(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}
