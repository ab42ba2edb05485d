// POST /api/v1/lead-sources/callback: where a webhook lead source posts the people of a search it
// accepted with 202 (docs/lead-sources.md). No API key: the body is signed with the lead-source
// secret, checked over the raw bytes before anything in it is read.
import { callbackReceiver } from "@salestouch/host";
import type { LeadSource } from "@salestouch/host";
import express, { type Router } from "express";
import { sendPlainError } from "../http-errors.js";

/** A page of people can be large: 2,500 people of a few KB each. */
const CALLBACK_LIMIT = "25mb";

const CODES = { 400: "malformed_request", 401: "unauthenticated", 404: "not_found" } as const;

export function leadSourceCallbackRouter(source: LeadSource): Router {
  const router = express.Router();
  const receiver = callbackReceiver(source);
  router.post("/callback", express.text({ type: () => true, limit: CALLBACK_LIMIT }), async (req, res) => {
    if (!receiver) {
      sendPlainError(res, "not_found", "this server has no webhook lead source (SALESTOUCH_LEAD_SOURCE=webhook), so no search waits for a callback");
      return;
    }
    const body = typeof req.body === "string" ? req.body : "";
    const outcome = await receiver.receive(body, req.get("x-salestouch-signature"));
    if (outcome.status === 204) res.status(204).end();
    else sendPlainError(res, CODES[outcome.status], outcome.message);
  });
  return router;
}
