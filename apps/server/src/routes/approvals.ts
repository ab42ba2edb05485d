// /api/v1/approvals: list, show, approve and deny held calls. Only a key with the
// approvals.decide scope may use them (`*` does not include it), so an agent's key can never
// approve its own request. Refusals are plain {"error": {...}} bodies.
import type { PolicyService } from "@salestouch/host";
import { CommandError, type ApprovalStatus, type Runtime } from "@salestouch/runtime";
import { decodeCursor } from "@salestouch/store";
import express, { type NextFunction, type Request, type Response } from "express";
import { principalOf } from "../auth.js";
import { sendPlainError } from "../http-errors.js";

const STATUSES: readonly ApprovalStatus[] = ["pending", "approved", "denied", "expired"];

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

function badQuery(message: string): CommandError {
  return new CommandError("malformed_request", message, { hint: "GET /api/v1/approvals?status=pending&limit=50; pass next_cursor as cursor for the next page." });
}

function listOptions(req: Request): { status?: ApprovalStatus; limit?: number; cursor?: string } {
  const { status, limit, cursor } = req.query;
  if (status !== undefined && !STATUSES.includes(status as ApprovalStatus)) throw badQuery(`status must be one of ${STATUSES.join(", ")}`);
  const n = limit === undefined ? undefined : Number(limit);
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 200)) throw badQuery("limit must be a whole number from 1 to 200");
  // A cursor this server did not make is refused, never read as "from the first page".
  if (cursor !== undefined && (typeof cursor !== "string" || cursor.length > 200 || decodeCursor(cursor) === undefined)) throw badQuery("cursor is not a next_cursor this server returned; pass next_cursor from the previous page unchanged, or leave it out for the first page");
  return { status: status as ApprovalStatus | undefined, limit: n, cursor: cursor as string | undefined };
}

function noteOf(req: Request): string | null {
  const body: unknown = req.body;
  if (body === undefined || body === null || (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0)) return null;
  const note = typeof body === "object" && !Array.isArray(body) ? (body as { note?: unknown }).note : undefined;
  const extra = typeof body === "object" && !Array.isArray(body) ? Object.keys(body).filter((k) => k !== "note") : ["(body)"];
  if (extra.length > 0 || (note !== undefined && (typeof note !== "string" || note.length > 2000))) {
    throw new CommandError("malformed_request", "the body must be {\"note\": \"...\"} (at most 2000 characters) or empty", { hint: "Send {\"note\": \"why\"}, or no body." });
  }
  return note ?? null;
}

/** GET /api/v1/permissions: any key may ask what it may run, and what would be held. */
export function permissionsRoute(policy: PolicyService) {
  return answer(async (_req, res) => ({ permissions: await policy.effective(principalOf(res)) }));
}

export function approvalsRouter(runtime: Runtime): express.Router {
  const router = express.Router();
  const desk = runtime.approvals;
  const id = (req: Request) => String(req.params["approvalId"]);
  router.get("/", answer(async (req, res) => desk.list(principalOf(res), listOptions(req))));
  router.get("/:approvalId", answer(async (req, res) => ({ approval: await desk.get(principalOf(res), id(req)) })));
  router.post("/:approvalId/approve", answer(async (req, res) => ({
    approval: await desk.approve(principalOf(res), id(req), { note: noteOf(req), requestId: res.locals["requestId"] as string }),
  })));
  router.post("/:approvalId/deny", answer(async (req, res) => ({
    approval: await desk.deny(principalOf(res), id(req), { note: noteOf(req), requestId: res.locals["requestId"] as string }),
  })));
  return router;
}
