// CORS is off unless origins are configured (SALESTOUCH_CORS_ORIGINS): browsers on other origins
// then get exactly those origins allowed, with the auth headers an API client needs.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";

const ALLOWED_HEADERS = "Authorization, X-API-Key, Content-Type, Idempotency-Key, X-Request-Id, Mcp-Protocol-Version";

/** Sets the CORS headers an allowed origin gets; true when the request was a preflight, now answered. */
export type CorsStep = (req: IncomingMessage, res: ServerResponse) => boolean;

export function corsHeaders(origins: readonly string[]): CorsStep {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return false;
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, SalesTouch-Contract-Version");
    if (req.method !== "OPTIONS") return false;
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    res.statusCode = 204;
    res.end();
    return true;
  };
}

/** The Express form. */
export function cors(origins: readonly string[]) {
  const step = corsHeaders(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!step(req, res)) next();
  };
}
