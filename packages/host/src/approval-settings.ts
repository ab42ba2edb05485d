// Settings of approvals and dispatch, read from the environment once at start-up. A bad value
// stops the process with a message that names the variable and what it accepts.
import { outboxDispatcher, webhookDispatcher, type Dispatcher } from "@salestouch/commands";
import { DEFAULT_APPROVAL_TTL_MS } from "@salestouch/runtime";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "24h", "2d", "500ms", or plain seconds ("3600"); 0 expires requests at once (tests). */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? "s").toLowerCase()]!);
}

/** SALESTOUCH_APPROVAL_TTL: how long a held call waits for a decision (default 24h). */
export function approvalTtlFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["SALESTOUCH_APPROVAL_TTL"];
  if (raw === undefined || raw.trim() === "") return DEFAULT_APPROVAL_TTL_MS;
  const ms = parseDuration(raw);
  if (ms === undefined) throw new Error(`SALESTOUCH_APPROVAL_TTL=${raw} is not a duration; use e.g. 30m, 24h or 7d (plain numbers are seconds)`);
  return ms;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} is not a whole number; leave it out for the default`);
  return value;
}

/**
 * SALESTOUCH_DISPATCHER (outbox | webhook; webhook when SALESTOUCH_WEBHOOK_URL is set),
 * SALESTOUCH_WEBHOOK_URL, SALESTOUCH_WEBHOOK_SECRET, SALESTOUCH_WEBHOOK_ATTEMPTS (default 4),
 * SALESTOUCH_WEBHOOK_BACKOFF_MS (default 500, doubled after each failed attempt).
 */
export function dispatcherFrom(env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const url = env["SALESTOUCH_WEBHOOK_URL"]?.trim() || undefined;
  const name = env["SALESTOUCH_DISPATCHER"]?.trim() || (url ? "webhook" : "outbox");
  if (name === "outbox") return outboxDispatcher;
  if (name !== "webhook") throw new Error(`SALESTOUCH_DISPATCHER=${name} is not a dispatcher; use outbox (the default) or webhook`);
  if (!url || !/^https?:\/\//i.test(url)) throw new Error("the webhook dispatcher needs SALESTOUCH_WEBHOOK_URL, an http(s) URL of your sending tool's endpoint");
  const secret = env["SALESTOUCH_WEBHOOK_SECRET"];
  if (!secret || secret.length < 16) throw new Error("the webhook dispatcher needs SALESTOUCH_WEBHOOK_SECRET, at least 16 characters shared with the receiver, to sign each delivery");
  return webhookDispatcher({
    url, secret, attempts: positiveInteger(env, "SALESTOUCH_WEBHOOK_ATTEMPTS"), backoffMs: positiveInteger(env, "SALESTOUCH_WEBHOOK_BACKOFF_MS"),
  });
}
