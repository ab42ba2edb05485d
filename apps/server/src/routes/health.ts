// GET /healthz: the process answers and its database answers.
import type { Store } from "@salestouch/store";
import type { Request, Response } from "express";
import { sendPlainError } from "../http-errors.js";

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
