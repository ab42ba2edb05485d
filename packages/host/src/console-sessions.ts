// Console sign-in: an API key with the approvals.decide scope (or a one-time sign-in link issued
// on the server's machine) opens a browser session. The browser holds a random token in an
// HttpOnly cookie; the database holds its hash, the key it was opened with and a CSRF token.
// Every request of the session becomes the principal of that key through KeyService, so scopes,
// revocation, permission rules and the approval desk apply exactly as they do to the key.
import { canDecide, DECIDE_SCOPE, nodeCrypto, type Principal, secretsEqual } from "@salestouch/runtime";
import type { ApiKeyRow, Store } from "@salestouch/store";
import type { KeyService } from "./keys.js";

/** How long a printed sign-in link may wait before it is used. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
/** The key behind the sign-in links `npm start` prints; created once per database. */
export const LOCAL_CONSOLE_KEY_NAME = "console sign-in link (server's machine)";

/** What the page may know of its session: never the key or the session token. */
export interface SessionView {
  key_id: string;
  key_name: string;
  workspace_id: string;
  scopes: string[];
  csrf_token: string;
  expires_at: string;
}

export interface AuthenticatedSession {
  principal: Principal;
  view: SessionView;
}

export type SignInResult =
  | { ok: true; token: string; view: SessionView }
  | { ok: false; code: "unauthenticated" | "forbidden"; message: string; hint: string };

const hashToken = (token: string): string => nodeCrypto().createHash("sha256").update(token, "utf8").digest("hex");
const newToken = (prefix: string): string => `${prefix}${nodeCrypto().randomBytes(32).toString("base64url")}`;
const TOKEN_PATTERN = /^st(s|l)_[0-9A-Za-z_-]{43}$/;

export class ConsoleSessionService {
  constructor(
    private readonly store: Store,
    private readonly keys: KeyService,
    /** How long a session lasts (SALESTOUCH_SESSION_TTL, config.ts). */
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Opens a session for a person's key: it must be valid and carry approvals.decide. */
  async signIn(apiKey: string): Promise<SignInResult> {
    const row = await this.keys.findKey(apiKey);
    const principal = row ? this.keys.principalOfKey(row) : null;
    if (!row || !principal) {
      return {
        ok: false,
        code: "unauthenticated",
        message: "this API key is not valid (unknown, malformed or revoked)",
        hint: "Paste the whole key (st_…); create a person's key with `salestouch keys create --name <you> --scopes '*,approvals.decide'`.",
      };
    }
    if (!canDecide(principal)) {
      return {
        ok: false,
        code: "forbidden",
        message: `this API key lacks the ${DECIDE_SCOPE} scope, so it cannot sign in to the console`,
        hint: "The console is for the people who decide held calls; create a key with `--scopes '*,approvals.decide'` (agents' keys never get it).",
      };
    }
    return this.open(row, "session", this.ttlMs);
  }

  /** A one-time sign-in link token for a key (for `npm start` on the server's machine). */
  async issueLink(row: Readonly<ApiKeyRow>): Promise<string> {
    const opened = await this.open(row, "link", SIGN_IN_LINK_TTL_MS);
    return opened.token;
  }

  /** The key behind printed sign-in links: every scope and approvals.decide, never shown. */
  async localConsoleKey(): Promise<Readonly<ApiKeyRow>> {
    const workspace = await this.keys.ensureWorkspace();
    const existing = (await this.keys.list(workspace.id)).find((k) => k.name === LOCAL_CONSOLE_KEY_NAME && k.revoked_at === null);
    if (existing) return existing;
    return (await this.keys.create({ name: LOCAL_CONSOLE_KEY_NAME, scopes: ["*", DECIDE_SCOPE] })).row;
  }

  /** Uses a sign-in link once: its session opens, the link ends (also when two requests race). */
  async redeemLink(token: string): Promise<SignInResult> {
    const refused: SignInResult = {
      ok: false,
      code: "unauthenticated",
      message: "this sign-in link is not valid: it was used already, expired (links last 15 minutes) or was never issued",
      hint: "Restart the server for a new link, or sign in with a person's API key.",
    };
    if (!TOKEN_PATTERN.test(token)) return refused;
    const now = this.clock().toISOString();
    const live = await this.store.repositories.consoleSessions.findLive(hashToken(token), "link", now);
    if (!live || !this.keys.principalOfKey(live.key)) return refused;
    if (!(await this.store.repositories.consoleSessions.end(live.session.id, now))) return refused;
    return this.open(live.key, "session", this.ttlMs);
  }

  /** The principal of a session token, with what the page may know; null when it is not live or its key was revoked. */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const live = await this.store.repositories.consoleSessions.findLive(hashToken(token), "session", this.clock().toISOString());
    if (!live) return null;
    const principal = this.keys.principalOfKey(live.key);
    return principal ? { principal, view: viewOf(live.session, live.key) } : null;
  }

  /** Signs a session out; true when it was live. */
  async end(token: string): Promise<boolean> {
    if (!TOKEN_PATTERN.test(token)) return false;
    return this.store.repositories.consoleSessions.end(hashToken(token), this.clock().toISOString());
  }

  private async open(key: Readonly<ApiKeyRow>, kind: "session" | "link", ttlMs: number): Promise<{ ok: true; token: string; view: SessionView }> {
    const token = newToken(kind === "session" ? "sts_" : "stl_");
    const now = this.clock();
    const row = {
      id: hashToken(token),
      kind,
      workspace_id: key.workspace_id,
      key_id: key.id,
      csrf_token: nodeCrypto().randomBytes(24).toString("base64url"),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      ended_at: null,
    };
    await this.store.repositories.consoleSessions.insert(row);
    return { ok: true, token, view: viewOf(row, key) };
  }
}

function viewOf(session: { workspace_id: string; key_id: string; csrf_token: string; expires_at: string }, key: Readonly<ApiKeyRow>): SessionView {
  return {
    key_id: key.id,
    key_name: key.name,
    workspace_id: session.workspace_id,
    scopes: JSON.parse(key.scopes) as string[],
    csrf_token: session.csrf_token,
    expires_at: session.expires_at,
  };
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return secretsEqual(presented, expected);
}
