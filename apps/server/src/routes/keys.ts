// GET /api/v1/keys: the workspace's API keys by name, for the people who decide held calls (who
// asked, who decided). Needs approvals.decide; shows no key and no hash.
import type { KeyService } from "@salestouch/host";
import { canDecide } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { principalOf } from "../auth.js";
import { sendPlainError } from "../http-errors.js";

export function listKeysRoute(keys: KeyService) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const principal = principalOf(res);
      if (!canDecide(principal)) {
        sendPlainError(
          res,
          "forbidden",
          "this API key may not list the workspace's keys: it lacks the approvals.decide scope",
          "Only the keys of people who decide held calls may; create one with --scopes '*,approvals.decide'.",
        );
        return;
      }
      const rows = await keys.list(principal.workspaceId);
      res.json({
        data: {
          keys: rows.map((k) => ({
            id: k.id,
            name: k.name,
            display_prefix: k.display_prefix,
            scopes: JSON.parse(k.scopes) as string[],
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
          })),
        },
      });
    } catch (error) {
      next(error);
    }
  };
}
