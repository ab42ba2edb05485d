// GET /healthz: the process answers and its database answers. GET /readyz: the same question a
// load balancer asks before sending traffic, bounded in time so a stuck pool reads as not ready.
import type { Store } from "@salestouch/store";
import type { Request, Response } from "express";
import { sendPlainError } from "../http-errors.js";

const READY_TIMEOUT_MS = 2_000;

export function health(store: Store, version: string) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      await store.ping();
      res.json({ ok: true, database: store.dialect, version });
    } catch {
      sendPlainError(res, "unavailable", "the database does not answer");
    }
  };
}

export function readiness(store: Store) {
  return async (_req: Request, res: Response): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([store.ping(), timeout]);
      res.setHeader("cache-control", "no-store");
      res.json({ ready: true, database: store.dialect });
    } catch {
      sendPlainError(
        res,
        "unavailable",
        `not ready: the ${store.dialect} database does not answer within ${READY_TIMEOUT_MS} ms`,
        "check the database (DATABASE_URL) and its connection limit; this replica takes traffic again once it answers",
      );
    } finally {
      clearTimeout(timer);
    }
  };
}
