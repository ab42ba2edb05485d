// /api/v1/session: the web console's sign-in (a person's API key, or a one-time sign-in link),
// the session the page may read (its CSRF token, whose key, until when) and sign-out. The
// session token travels only in an HttpOnly, SameSite=Strict cookie; the key is read from the
// JSON body once and never stored or logged.
import { csrfMatches, type SignInResult } from "@salestouch/host";
import express, { type NextFunction, type Request, type Response } from "express";
import { currentSession, CSRF_HEADER, SESSION_COOKIE, sessionToken, type RequestAuth } from "../auth.js";
import { sendPlainError } from "../http-errors.js";

const JSON_MEDIA_TYPE = /^application\/json\s*(?:;|$)/i;

/** Secure cookies when the browser reached us over https (directly or through a TLS-terminating proxy). */
function overHttps(req: Request): boolean {
  const forwarded = req.headers["x-forwarded-proto"];
  return req.secure || (typeof forwarded === "string" && forwarded.split(",")[0]!.trim().toLowerCase() === "https");
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: "strict" as const, secure: overHttps(req), path: "/" };
}

function signInBody(body: unknown): { api_key?: string; sign_in_link?: string } | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  const { api_key: apiKey, sign_in_link: link } = body as Record<string, unknown>;
  if (keys.length !== 1) return null;
  if (typeof apiKey === "string" && apiKey.length <= 200) return { api_key: apiKey.trim() };
  if (typeof link === "string" && link.length <= 200) return { sign_in_link: link.trim() };
  return null;
}

export function sessionRouter(auth: Required<RequestAuth>, bodyLimit: number | string): express.Router {
  const router = express.Router();
  const { sessions } = auth;

  // Only JSON: a cross-site HTML form cannot send it without the browser asking first (CORS).
  const onlyJson = (req: Request, res: Response, next: NextFunction): void => {
    if (JSON_MEDIA_TYPE.test(req.headers["content-type"] ?? "")) next();
    else sendPlainError(res, "unsupported_media_type", 'sign in with a JSON body: {"api_key": "st_…"} or {"sign_in_link": "stl_…"}');
  };
  router.post("/", onlyJson, express.json({ limit: bodyLimit, strict: false }), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = signInBody(req.body);
      if (!body) {
        sendPlainError(
          res,
          "malformed_request",
          'the body must be {"api_key": "st_…"} or {"sign_in_link": "stl_…"}',
          "Paste a person's API key (one with the approvals.decide scope), or open the sign-in link `npm start` printed.",
        );
        return;
      }
      const result: SignInResult = body.api_key !== undefined ? await sessions.signIn(body.api_key) : await sessions.redeemLink(body.sign_in_link!);
      if (!result.ok) {
        sendPlainError(res, result.code, result.message, result.hint);
        return;
      }
      res.cookie(SESSION_COOKIE, result.token, { ...cookieOptions(req), expires: new Date(result.view.expires_at) });
      res
        .set("Cache-Control", "no-store")
        .status(201)
        .json({ data: { session: result.view } });
    } catch (error) {
      next(error);
    }
  });

  router.get("/", async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = await currentSession(auth, req);
      if (!session) {
        sendPlainError(
          res,
          "unauthenticated",
          sessionToken(req) ? "your console session has ended (signed out, expired, or its API key was revoked)" : "not signed in",
          "Sign in at /console with a person's API key.",
        );
        return;
      }
      res.set("Cache-Control", "no-store").json({ data: { session: session.view } });
    } catch (error) {
      next(error);
    }
  });

  router.delete("/", async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = sessionToken(req);
      const session = await currentSession(auth, req);
      if (!token || !session) {
        res.clearCookie(SESSION_COOKIE, cookieOptions(req));
        sendPlainError(res, "unauthenticated", "not signed in", "There is no session to end.");
        return;
      }
      const presented = req.headers[CSRF_HEADER];
      if (!csrfMatches(session.view.csrf_token, typeof presented === "string" ? presented : undefined)) {
        sendPlainError(res, "forbidden", "signing out needs the session's CSRF token", "Send it in the X-CSRF-Token header.");
        return;
      }
      await sessions.end(token);
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      res.set("Cache-Control", "no-store").json({ data: { signed_out: true } });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
