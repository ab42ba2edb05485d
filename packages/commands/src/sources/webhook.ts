// The webhook lead source (docs/lead-sources.md): a signed POST of the search to the team's
// service, signed the way the draft dispatcher signs deliveries (dispatch/signature.ts). The
// service answers 200 with the people, signed with the same secret, or 202 and later posts them,
// signed, to the callback route (one or more pages), within SALESTOUCH_LEAD_SOURCE_TIMEOUT.
// No retries: a failed search fails the command with nothing written, and the caller may retry.
// Waiting searches and the pages posted for them live in the database (the inbox), so the callback
// route of any replica records a page and the replica that asked reads it: it wakes at once when the
// page came to itself, else within POLL_MS.
import { nodeCrypto } from "@salestouch/runtime";
import type { LeadSourcePage, PageOutcome } from "@salestouch/store";
import { SIGNATURE_HEADER, signatureHeader, verifySignature } from "../dispatch/signature.js";
import { peopleOf, SOURCE_FAILED_PREFIX, sourceFailed, type LeadSearch, type LeadSource, type LeadSourceAnswer } from "./lead-source.js";

export interface WebhookLeadSourceOptions {
  url: string;
  secret: string;
  /** The whole search, callbacks included (default 30 s). */
  timeoutMs?: number;
  /** Where the service may post results later (the server's callback route); none: it must answer at once. */
  callbackUrl?: string;
  fetch?: typeof fetch;
  /** Where waiting searches and their pages are kept (the database: every replica sees them). */
  inbox: SearchInbox;
}

/** Waiting searches and the pages posted for them, shared by every process on the database. */
export interface SearchInbox {
  open(id: string, workspaceId: string, expiresAt: Date): Promise<void>;
  /** Records a page unless it was recorded already (the same bytes) or the search is over or unknown. */
  record(id: string, page: LeadSourcePage): Promise<PageOutcome>;
  pages(id: string): Promise<LeadSourcePage[]>;
  close(id: string): Promise<void>;
}

/** How often a waiting search reads its pages when they may come to another replica. */
const POLL_MS = 100;

/** What the callback route answers a service: an HTTP status and a sentence. */
export interface CallbackOutcome {
  status: 204 | 400 | 401 | 404;
  message: string;
}

export interface WebhookLeadSource extends LeadSource {
  /** A signed callback's raw body and signature header, from the callback route (of any replica). */
  receive(body: string, signature: string | undefined): Promise<CallbackOutcome>;
}

/** The request body a lead source receives. */
export interface LeadSourceRequest {
  id: string;
  type: "lead_source.search";
  created_at: string;
  workspace_id: string;
  search: LeadSearch;
  callback_url: string | null;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function webhookLeadSource(options: WebhookLeadSourceOptions): WebhookLeadSource {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const inbox = options.inbox;
  /** Searches of this process waiting for pages: a page recorded here wakes its search at once. */
  const wakers = new Map<string, () => void>();
  const late = (what: string) =>
    sourceFailed(
      `${what} within ${seconds(timeoutMs)}`,
      "Retry later; a slow source needs a longer SALESTOUCH_LEAD_SOURCE_TIMEOUT on the server, or a smaller limit.",
    );

  async function search({ workspaceId, search }: { workspaceId: string; search: LeadSearch }): Promise<LeadSourceAnswer> {
    const request: LeadSourceRequest = {
      id: `lsr_${nodeCrypto().randomUUID().replace(/-/g, "")}`,
      type: "lead_source.search",
      created_at: new Date().toISOString(),
      workspace_id: workspaceId,
      search,
      callback_url: options.callbackUrl ?? null,
    };
    const body = JSON.stringify(request);
    const deadline = AbortSignal.timeout(timeoutMs);
    // Registered before the request goes out: a fast service may call back before it answers 202.
    if (options.callbackUrl) await inbox.open(request.id, workspaceId, new Date(Date.now() + timeoutMs));
    try {
      let response: Response;
      try {
        response = await (options.fetch ?? fetch)(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "salestouch-lead-source",
            [SIGNATURE_HEADER]: signatureHeader(options.secret, Math.floor(Date.now() / 1000), body),
            "x-salestouch-delivery": request.id,
          },
          body,
          redirect: "manual",
          signal: deadline,
        });
      } catch (error) {
        if ((error as Error).name === "TimeoutError") throw late("it did not answer");
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw sourceFailed(
          `SALESTOUCH_LEAD_SOURCE_URL could not be reached (${cause})`,
          "Check that the lead-source service runs and that the server can reach SALESTOUCH_LEAD_SOURCE_URL.",
        );
      }
      const text = await response.text().catch((error: Error) => {
        throw error.name === "TimeoutError" ? late("it did not finish its answer") : sourceFailed(`its answer broke off (${error.message})`);
      });
      if (response.status === 202 && options.callbackUrl) return await collect(request.id, deadline);
      if (response.status === 202)
        throw sourceFailed("it answered 202 (results later), but this server announces no callback URL (SALESTOUCH_LEAD_SOURCE_CALLBACK_URL)");
      if (response.status >= 300 && response.status < 400)
        throw sourceFailed(
          `it answered HTTP ${response.status}, a redirect; searches never follow redirects: set SALESTOUCH_LEAD_SOURCE_URL to the final URL`,
        );
      if (!response.ok) throw sourceFailed(`it answered HTTP ${response.status}${reasonOf(text)}`);
      if (!verifySignature(options.secret, response.headers.get(SIGNATURE_HEADER) ?? undefined, text))
        throw sourceFailed(
          `its answer is not signed with SALESTOUCH_LEAD_SOURCE_SECRET (header ${SIGNATURE_HEADER})`,
          "Sign each answer as docs/lead-sources.md shows.",
        );
      const answer = parse(text, "its answer");
      if ((answer as { id?: unknown }).id !== request.id) throw sourceFailed(`its answer's "id" is not the request's id ${request.id}`);
      return { people: peopleOf(answer, "its answer") };
    } finally {
      if (options.callbackUrl) await inbox.close(request.id);
    }
  }

  /** The pages of a search that answered 202, once the last came (or the first error). */
  async function collect(id: string, deadline: AbortSignal): Promise<LeadSourceAnswer> {
    for (;;) {
      const pages = await inbox.pages(id);
      const failed = pages.find((page) => page.error !== null);
      if (failed) throw sourceFailed(failed.error!);
      if (pages.some((page) => !page.more)) return { people: pages.flatMap((page) => page.people) };
      if (deadline.aborted) throw late("it accepted the search (202) but did not post all results to the callback");
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(id);
          deadline.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, POLL_MS);
        wakers.set(id, done);
        deadline.addEventListener("abort", done, { once: true });
      });
    }
  }

  async function receive(body: string, signature: string | undefined): Promise<CallbackOutcome> {
    if (!verifySignature(options.secret, signature, body)) {
      return {
        status: 401,
        message: `the callback is not signed with the lead-source secret (header ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>)`,
      };
    }
    let message: { id?: unknown; people?: unknown; more?: unknown; error?: unknown };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return { status: 400, message: "the callback body is not JSON" };
    }
    const unknown: CallbackOutcome = { status: 404, message: "no search with this id is waiting here (unknown id, already answered, or timed out)" };
    if (typeof message?.id !== "string") return unknown;
    const id = message.id;
    const digest = nodeCrypto().createHash("sha256").update(body).digest("hex");
    // A malformed page fails the search (recorded as its error) and is refused.
    let page: LeadSourcePage;
    let refusal: string | null = null;
    if (typeof message.error === "string") page = { digest, people: [], more: false, error: `it reported: ${message.error.slice(0, 500)}` };
    else {
      try {
        page = { digest, people: peopleOf(message, "the callback"), more: message.more === true, error: null };
      } catch (error) {
        refusal = (error as Error).message;
        page = { digest, people: [], more: false, error: refusal.replace(SOURCE_FAILED_PREFIX, "") };
      }
    }
    const outcome = await inbox.record(id, page);
    if (outcome === "unknown" || outcome === "answered") return unknown;
    if (outcome === "recorded") wakers.get(id)?.();
    if (refusal !== null) return { status: 400, message: refusal };
    return { status: 204, message: outcome === "duplicate" ? "already recorded" : page.more ? "page recorded; more expected" : "recorded" };
  }

  return { name: "webhook", search, receive };
}

function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const reason = typeof body.error === "string" ? body.error : typeof body.message === "string" ? body.message : null;
    return reason ? `: ${reason.slice(0, 300)}` : "";
  } catch {
    return "";
  }
}

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw sourceFailed(`${where} is not JSON`);
  }
}
