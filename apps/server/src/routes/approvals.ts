// /api/v1/approvals: list, show, approve and deny held calls. Only a key with the
// approvals.decide scope may use them (`*` does not include it), so an agent's key can never
// approve its own request. Refusals are plain {"error": {...}} bodies.
import type { PolicyService } from "@salestouch/host";
import { CommandError, type ApprovalStatus, type DecisionOptions, type Runtime } from "@salestouch/runtime";
import { decodeCursor } from "@salestouch/store";
import express, { type NextFunction, type Request, type Response } from "express";
import { principalOf } from "../auth.js";
import { sendPlainError } from "../http-errors.js";
import type { RequestFacts } from "../request-log.js";

type Route = (req: Request, res: Response) => Promise<unknown>;

/** Runs a route; a CommandError from the desk becomes the plain error of its catalogue code. */
function answer(route: Route) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const data = await route(req, res);
      if (!res.headersSent) res.json({ data });
    } catch (error) {
      if (error instanceof CommandError) sendPlainError(res, error.code, error.message, error.hint);
      else next(error);
    }
  };
}

/** The list's options; express-openapi-validator has checked their types and ranges (spec/openapi.yaml). */
function listOptions(req: Request): { status?: ApprovalStatus; limit?: number; cursor?: string } {
  const { status, limit, cursor } = req.query as { status?: ApprovalStatus; limit?: string | number; cursor?: string };
  // A cursor this server did not make is refused, never read as "from the first page".
  if (cursor !== undefined && decodeCursor(cursor) === undefined) {
    throw new CommandError(
      "malformed_request",
      "cursor is not a next_cursor this server returned; pass next_cursor from the previous page unchanged, or leave it out for the first page",
      {
        hint: "GET /api/v1/approvals?status=pending&limit=50; pass next_cursor as cursor for the next page.",
      },
    );
  }
  return { status, limit: limit === undefined ? undefined : Number(limit), cursor };
}

/** The decision note; the body's shape ({"note": "..."} or none) was checked against DecisionRequest. */
function noteOf(req: Request): string | null {
  const note = (req.body as { note?: string } | undefined)?.note;
  return note ?? null;
}

/** GET /api/v1/permissions: any key may ask what it may run, and what would be held. */
export function permissionsRoute(policy: PolicyService) {
  return answer(async (_req, res) => ({ permissions: await policy.effective(principalOf(res)) }));
}

/** The note and the deciding request's id and trace. */
function decisionOf(req: Request, res: Response): DecisionOptions {
  return { note: noteOf(req), requestId: res.locals["requestId"] as string, trace: (res.locals["facts"] as RequestFacts | undefined)?.trace };
}

export function approvalsRouter(runtime: Runtime): express.Router {
  const router = express.Router();
  const desk = runtime.approvals;
  const id = (req: Request) => String(req.params["approvalId"]);
  router.get(
    "/",
    answer(async (req, res) => desk.list(principalOf(res), listOptions(req))),
  );
  router.get(
    "/:approvalId",
    answer(async (req, res) => ({ approval: await desk.get(principalOf(res), id(req)) })),
  );
  router.post(
    "/:approvalId/approve",
    answer(async (req, res) => ({
      approval: await desk.approve(principalOf(res), id(req), decisionOf(req, res)),
    })),
  );
  router.post(
    "/:approvalId/deny",
    answer(async (req, res) => ({
      approval: await desk.deny(principalOf(res), id(req), decisionOf(req, res)),
    })),
  );
  return router;
}
