// The webhook dispatcher: POSTs the signed JSON payload of an outbox item to the configured URL,
// retrying with exponential backoff on network errors, timeouts, 408, 429 and 5xx. Any other 4xx is
// final (the receiver refused the message itself). Every retry carries the same delivery id.
// A redirect is never followed: the signed message would go to a host nobody configured; it is a
// final failure that names where the receiver pointed.
import { outgoingTraceparent, type TraceContext } from "@salestouch/runtime";
import type { OutboxRow } from "@salestouch/store";
import { webhookPayload, type DeliveryOutcome, type Dispatcher } from "./dispatcher.js";
import { signatureHeader } from "./signature.js";

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Attempts in all, first one included (default 4). */
  attempts?: number;
  /** Wait before the second attempt, doubled for each next one (default 500 ms). */
  backoffMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  userAgent?: string;
}

type Attempt = { ok: true; externalMessageId: string | null } | { ok: false; retry: boolean; error: string };

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function externalIdOf(response: Response): Promise<string | null> {
  const body = (await response.json().catch(() => null)) as { message_id?: unknown; id?: unknown } | null;
  const id = body?.message_id ?? body?.id;
  return typeof id === "string" && id.length > 0 && id.length <= 200 ? id : null;
}

async function attemptOnce(options: WebhookOptions, item: OutboxRow, body: string, trace: TraceContext | undefined): Promise<Attempt> {
  const timestamp = Math.floor(Date.now() / 1000);
  // The request that sent the draft continues its trace into the receiver (W3C traceparent).
  try {
    const response = await (options.fetch ?? fetch)(options.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": options.userAgent ?? "salestouch-webhook",
        "x-salestouch-signature": signatureHeader(options.secret, timestamp, body),
        "x-salestouch-delivery": item.id,
        "idempotency-key": item.id,
        ...(trace ? { traceparent: outgoingTraceparent(trace) } : {}),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (response.ok) return { ok: true, externalMessageId: await externalIdOf(response) };
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      return {
        ok: false,
        retry: false,
        error: `the webhook answered HTTP ${response.status}, a redirect${location ? ` to ${location.slice(0, 200)}` : ""}; deliveries never follow redirects: set SALESTOUCH_WEBHOOK_URL to the receiver's final URL`,
      };
    }
    await response.body?.cancel();
    return { ok: false, retry: retryable(response.status), error: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = (error as Error).name === "TimeoutError" ? "timed out" : (cause ?? (error as Error).message);
    return { ok: false, retry: true, error: `the webhook could not be reached: ${reason}` };
  }
}

export function webhookDispatcher(options: WebhookOptions): Dispatcher {
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoffMs = options.backoffMs ?? 500;
  return {
    name: "webhook",
    async deliver(item, trace): Promise<DeliveryOutcome> {
      const body = JSON.stringify(webhookPayload(item));
      let error = "";
      for (let n = 1; n <= attempts; n++) {
        const result = await attemptOnce(options, item, body, trace);
        if (result.ok) return { status: "delivered", attempts: n, externalMessageId: result.externalMessageId, error: null };
        error = result.error;
        if (!result.retry || n === attempts) return { status: "failed", attempts: n, externalMessageId: null, error };
        await process.getBuiltinModule("node:timers/promises").setTimeout(backoffMs * 2 ** (n - 1));
      }
      return { status: "failed", attempts, externalMessageId: null, error };
    },
  };
}
