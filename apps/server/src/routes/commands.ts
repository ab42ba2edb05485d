// POST /api/v1/commands/{command_id}: unwrap {input, response_profile}, run, answer with the envelope.
import type { Runtime } from "@salestouch/runtime";
import type { Request, Response } from "express";
import { principalOf } from "../auth.js";
import { requestErrorEnvelope, sendEnvelope } from "../http-errors.js";

export function runCommand(runtime: Runtime) {
  return async (req: Request, res: Response): Promise<void> => {
    const commandId = String(req.params["commandId"]);
    res.locals["commandId"] = commandId;
    if (!req.is("application/json")) {
      sendEnvelope(res, requestErrorEnvelope(commandId, null, "unsupported_media_type", `the request body must be sent as application/json, not ${req.get("content-type") ?? "without a content type"}`));
      return;
    }
    const body: unknown = req.body;
    if (body === null || typeof body !== "object" || Array.isArray(body) || !("input" in body)) {
      sendEnvelope(res, requestErrorEnvelope(commandId, null, "malformed_request", "the request body must be a JSON object with the command input under \"input\"", {
        hint: `Wrap the command input: {"input": {...}, "response_profile": "full"}.`,
        details: [{ path: "/input", message: "is required" }],
      }));
      return;
    }
    const { input, response_profile: profile, approval_request_id: approvalRequestId } = body as { input: unknown; response_profile?: unknown; approval_request_id?: unknown };
    if (profile !== undefined && profile !== "full" && profile !== "compact") {
      sendEnvelope(res, requestErrorEnvelope(commandId, input, "malformed_request", "response_profile must be \"full\" or \"compact\"", {
        details: [{ path: "/response_profile", message: "must be equal to one of the allowed values: full, compact" }],
      }));
      return;
    }
    if (approvalRequestId !== undefined && (typeof approvalRequestId !== "string" || approvalRequestId === "" || approvalRequestId.length > 100)) {
      sendEnvelope(res, requestErrorEnvelope(commandId, input, "malformed_request", "approval_request_id must be the id of an approval request (apr_...)", {
        details: [{ path: "/approval_request_id", message: "must be a string such as meta.approval_request_id of the held call" }],
      }));
      return;
    }
    const envelope = await runtime.execute(commandId, input, {
      principal: principalOf(res), profile: profile ?? "full", requestId: res.locals["requestId"] as string,
      approvalRequestId: approvalRequestId ?? null, idempotencyKey: req.get("idempotency-key") ?? null,
    });
    sendEnvelope(res, envelope);
  };
}
