// Authorization: Bearer st_… or X-API-Key: st_… → req principal, else a plain 401.
import type { KeyService } from "@salestouch/host";
import type { Principal } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { sendPlainError } from "./http-errors.js";

export function presentedKey(req: Request): string | undefined {
  const header = req.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? "";
  }
  return req.get("x-api-key")?.trim();
}

export function principalOf(res: Response): Principal {
  return res.locals["principal"] as Principal;
}

export function requireApiKey(keys: KeyService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = presentedKey(req);
    if (key === undefined) {
      sendPlainError(res, "unauthenticated", "missing API key", "Send Authorization: Bearer st_... (or X-API-Key: st_...); create a key with `npm run keys:create` or `salestouch keys create --name <name>`.");
      return;
    }
    const principal = await keys.authenticate(key);
    if (!principal) {
      sendPlainError(res, "unauthenticated", "this API key is not valid (unknown, malformed or revoked)", "Check the key you sent; create a new one with `npm run keys:create` or `salestouch keys create --name <name>`.");
      return;
    }
    res.locals["principal"] = principal;
    res.locals["keyId"] = principal.keyId;
    next();
  };
}
