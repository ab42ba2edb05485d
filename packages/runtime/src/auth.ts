// API keys and principals. A key is `st_` + 256 random bits; only its sha256 is stored, and the
// lookup compares hashes in constant time.
import { nodeCrypto } from "./node-crypto.js";
import { CATEGORY_SCOPES, type Category, type Risk } from "@salestouch/contracts";

export const KEY_PREFIX = "st_";
const KEY_PATTERN = /^st_[0-9A-Za-z_-]{20,128}$/;

/** Who is calling: a workspace and, over the network, the API key used. */
export interface Principal {
  workspaceId: string;
  keyId: string | null;
  /** Published scope names (`missions.read`, …), or `*` for all. */
  scopes: readonly string[];
  kind: "api_key" | "local";
  /**
   * What the store read of its keys-and-rules change marker when it looked this request's key up
   * (opaque here): the request's rules lookup reuses it rather than reading the marker again.
   * Only on a principal made for one request; a long-lived one (local use) has none.
   */
  accessRead?: object | undefined;
}

export interface GeneratedKey {
  key: string;
  hash: string;
  displayPrefix: string;
}

export function generateApiKey(): GeneratedKey {
  const key = `${KEY_PREFIX}${nodeCrypto().randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key), displayPrefix: `${key.slice(0, 8)}…` };
}

export function hashApiKey(key: string): string {
  return nodeCrypto().createHash("sha256").update(key, "utf8").digest("hex");
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function hashesEqual(a: string, b: string): boolean {
  return secretsEqual(a, b, "hex");
}

/**
 * Compares a presented secret (a key's hash, a CSRF token, a metrics token) with the expected one
 * in time that does not depend on where they differ. A length difference answers false at once:
 * the lengths of these secrets are public.
 */
export function secretsEqual(presented: string, expected: string, encoding: "hex" | "utf8" = "utf8"): boolean {
  const left = Buffer.from(presented, encoding);
  const right = Buffer.from(expected, encoding);
  return left.length === right.length && nodeCrypto().timingSafeEqual(left, right);
}

/**
 * Deciding approval requests. `*` does not include it: an agent's key must never approve its own
 * held calls, so a person's key is given this scope by name (docs/approvals.md).
 */
export const DECIDE_SCOPE = "approvals.decide";

/** The scope a command needs: `<category>.read` for risk read, `<category>.write` otherwise. */
export function requiredScope(command: { category: Category; risk: Risk }): string {
  return `${command.category}.${command.risk === "read" ? "read" : "write"}`;
}

export function hasScope(principal: Principal, scope: string): boolean {
  return (principal.scopes.includes("*") && scope !== DECIDE_SCOPE) || principal.scopes.includes(scope);
}

/** Parses a --scopes style list; throws on names that are not published scopes. */
const KNOWN_SCOPES: ReadonlySet<string> = new Set(CATEGORY_SCOPES);

export function parseScopes(list: string): string[] {
  const scopes = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => s !== "*" && s !== DECIDE_SCOPE && !KNOWN_SCOPES.has(s));
  if (unknown.length > 0)
    throw new Error(`unknown scope ${unknown.join(", ")}; scopes are *, ${CATEGORY_SCOPES.join(", ")} and ${DECIDE_SCOPE} (not part of *)`);
  // approvals.decide alone still gives the key nothing else to run: it is a person's key.
  return scopes.length === 0 ? ["*"] : scopes;
}
