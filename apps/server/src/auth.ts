// Authorization: Bearer st_… or X-API-Key: st_… → the request's principal, else a plain 401.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KeyService } from "@salestouch/host";
import type { Principal } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { sendPlainError } from "./http-errors.js";
import type { RequestFacts } from "./request-log.js";

const CREATE_KEY = "create a key with `npm run keys:create` or `salestouch keys create --name <name>`";

export function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? "";
  }
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" ? apiKey.trim() : undefined;
}

/** The principal of the request's key; otherwise answers 401 and gives null. */
export async function authenticateRequest(keys: KeyService, req: IncomingMessage, res: ServerResponse): Promise<Principal | null> {
  const key = presentedKey(req);
  if (key === undefined) {
    sendPlainError(res, "unauthenticated", "missing API key", `Send Authorization: Bearer st_... (or X-API-Key: st_...); ${CREATE_KEY}.`);
    return null;
  }
  const principal = await keys.authenticate(key);
  if (!principal)
    sendPlainError(res, "unauthenticated", "this API key is not valid (unknown, malformed or revoked)", `Check the key you sent; ${CREATE_KEY}.`);
  return principal;
}

export function principalOf(res: Response): Principal {
  return res.locals["principal"] as Principal;
}

/** The Express form: the principal goes to res.locals, its key id to the request's log line. */
export function requireApiKey(keys: KeyService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = await authenticateRequest(keys, req, res);
    if (!principal) return;
    res.locals["principal"] = principal;
    const facts = res.locals["facts"] as RequestFacts | undefined;
    if (facts) facts.keyId = principal.keyId;
    next();
  };
}
