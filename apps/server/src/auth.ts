// Who is calling: an API key (Authorization: Bearer st_… or X-API-Key: st_…), or a console
// session cookie opened with one — else a plain 401. A session becomes the principal of its key
// through the same KeyService step a presented key goes through, and a state-changing request of
// a session must carry the session's CSRF token (X-CSRF-Token).
import type { IncomingMessage, ServerResponse } from "node:http";
import { csrfMatches, type AuthenticatedSession, type ConsoleSessionService, type KeyService } from "@salestouch/host";
import type { Principal } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { sendPlainError } from "./http-errors.js";
import type { RequestFacts } from "./request-log.js";

const CREATE_KEY = "create a key with `npm run keys:create` or `salestouch keys create --name <name>`";
export const SESSION_COOKIE = "st_session";
export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** How requests prove who they are. Without `sessions`, only keys are accepted. */
export interface RequestAuth {
  keys: KeyService;
  sessions?: ConsoleSessionService;
}

function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? "";
  }
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" ? apiKey.trim() : undefined;
}

/** The console session token from the Cookie header, if any. */
export function sessionToken(req: IncomingMessage): string | undefined {
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The live session of the request's cookie, or null. */
export async function currentSession(auth: RequestAuth, req: IncomingMessage): Promise<AuthenticatedSession | null> {
  const token = sessionToken(req);
  return token && auth.sessions ? auth.sessions.authenticate(token) : null;
}

/**
 * The principal of the request's key or session; otherwise answers 401 (or 403 without the CSRF
 * token) and gives null. A value, not a promise, when the store knows the key at once.
 */
export function authenticateRequest(auth: RequestAuth, req: IncomingMessage, res: ServerResponse): Principal | null | Promise<Principal | null> {
  const key = presentedKey(req);
  if (key === undefined && auth.sessions && sessionToken(req) !== undefined) return sessionPrincipal(auth, req, res);
  if (key === undefined) {
    sendPlainError(res, "unauthenticated", "missing API key", `Send Authorization: Bearer st_... (or X-API-Key: st_...); ${CREATE_KEY}.`);
    return null;
  }
  const found = auth.keys.authenticate(key);
  return found instanceof Promise ? found.then((principal) => refusedUnless(principal, res)) : refusedUnless(found, res);
}

/** The principal, or null after answering 401 for a key that is not valid. */
function refusedUnless(principal: Principal | null, res: ServerResponse): Principal | null {
  if (!principal)
    sendPlainError(res, "unauthenticated", "this API key is not valid (unknown, malformed or revoked)", `Check the key you sent; ${CREATE_KEY}.`);
  return principal;
}

/** The principal of a console session's cookie (with its CSRF token for a state-changing request). */
async function sessionPrincipal(auth: RequestAuth, req: IncomingMessage, res: ServerResponse): Promise<Principal | null> {
  const session = await currentSession(auth, req);
  if (!session) {
    sendPlainError(
      res,
      "unauthenticated",
      "your console session has ended (signed out, expired, or its API key was revoked)",
      "Sign in again at /console.",
    );
    return null;
  }
  if (!SAFE_METHODS.has(req.method ?? "GET")) {
    const presented = req.headers[CSRF_HEADER];
    if (!csrfMatches(session.view.csrf_token, typeof presented === "string" ? presented : undefined)) {
      sendPlainError(
        res,
        "forbidden",
        "this request of a console session lacks its CSRF token",
        "Send the session's csrf_token (GET /api/v1/session) in the X-CSRF-Token header; cross-site forms cannot.",
      );
      return null;
    }
  }
  return session.principal;
}

export function principalOf(res: Response): Principal {
  return res.locals["principal"] as Principal;
}

/** The Express form: the principal goes to res.locals, its key id to the request's log line. */
export function requireApiKey(auth: RequestAuth) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const principal = await authenticateRequest(auth, req, res);
    if (!principal) return;
    res.locals["principal"] = principal;
    const facts = res.locals["facts"] as RequestFacts | undefined;
    if (facts) facts.keyId = principal.keyId;
    next();
  };
}
