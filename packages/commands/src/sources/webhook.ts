// The webhook lead source (docs/lead-sources.md): a signed POST of the search to the team's
// service, signed the way the draft dispatcher signs deliveries (dispatch/signature.ts). The
// service answers 200 with the people, signed with the same secret, or 202 and later posts them,
// signed, to the callback route (one or more pages), within SALESTOUCH_LEAD_SOURCE_TIMEOUT.
// No retries: a failed search fails the command with nothing written, and the caller may retry.
// Waiting searches live in this process: a callback must reach the process that asked (each
// replica announces its own callback URL).
import { randomUUID } from "node:crypto";
import { SIGNATURE_HEADER, signatureHeader, verifySignature } from "../dispatch/signature.js";
import { peopleOf, sourceFailed, type LeadSearch, type LeadSource, type LeadSourceAnswer } from "./lead-source.js";

export interface WebhookLeadSourceOptions {
  url: string;
  secret: string;
  /** The whole search, callbacks included (default 30 s). */
  timeoutMs?: number;
  /** Where the service may post results later (the server's callback route); none: it must answer at once. */
  callbackUrl?: string;
  fetch?: typeof fetch;
}

/** What the callback route answers a service: an HTTP status and a sentence. */
export interface CallbackOutcome {
  status: 204 | 400 | 401 | 404;
  message: string;
}

export interface WebhookLeadSource extends LeadSource {
  /** A signed callback's raw body and signature header, from the callback route. */
  receive(body: string, signature: string | undefined): CallbackOutcome;
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

interface Waiting {
  people: unknown[];
  resolve(answer: LeadSourceAnswer): void;
  reject(error: Error): void;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function webhookLeadSource(options: WebhookLeadSourceOptions): WebhookLeadSource {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const waiting = new Map<string, Waiting>();
  const late = (what: string) =>
    sourceFailed(
      `${what} within ${seconds(timeoutMs)}`,
      "Retry later; a slow source needs a longer SALESTOUCH_LEAD_SOURCE_TIMEOUT on the server, or a smaller limit.",
    );

  async function search({ workspaceId, search }: { workspaceId: string; search: LeadSearch }): Promise<LeadSourceAnswer> {
    const request: LeadSourceRequest = {
      id: `lsr_${randomUUID().replace(/-/g, "")}`,
      type: "lead_source.search",
      created_at: new Date().toISOString(),
      workspace_id: workspaceId,
      search,
      callback_url: options.callbackUrl ?? null,
    };
    const body = JSON.stringify(request);
    const deadline = AbortSignal.timeout(timeoutMs);
    // Registered before the request goes out: a fast service may call back before it answers 202.
    let entry!: Waiting;
    const later = new Promise<LeadSourceAnswer>((resolve, reject) => {
      entry = { people: [], resolve, reject };
    });
    later.catch(() => {});
    if (options.callbackUrl) waiting.set(request.id, entry);
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
      if (response.status === 202 && options.callbackUrl) return await waitFor(later, deadline, late);
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
      waiting.delete(request.id);
    }
  }

  function receive(body: string, signature: string | undefined): CallbackOutcome {
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
    const entry = typeof message?.id === "string" ? waiting.get(message.id) : undefined;
    if (!entry) return { status: 404, message: "no search with this id is waiting here (unknown id, already answered, or timed out)" };
    const id = message.id as string;
    if (typeof message.error === "string") {
      waiting.delete(id);
      entry.reject(sourceFailed(`it reported: ${message.error.slice(0, 500)}`));
      return { status: 204, message: "recorded" };
    }
    let people: unknown[];
    try {
      people = peopleOf(message, "the callback");
    } catch (error) {
      waiting.delete(id);
      entry.reject(error as Error);
      return { status: 400, message: (error as Error).message };
    }
    entry.people.push(...people);
    if (message.more === true) return { status: 204, message: "page recorded; more expected" };
    waiting.delete(id);
    entry.resolve({ people: entry.people });
    return { status: 204, message: "recorded" };
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

function waitFor(later: Promise<LeadSourceAnswer>, deadline: AbortSignal, late: (what: string) => Error): Promise<LeadSourceAnswer> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(late("it accepted the search (202) but did not post all results to the callback"));
    if (deadline.aborted) return onAbort();
    deadline.addEventListener("abort", onAbort, { once: true });
    later.then(
      (answer) => {
        deadline.removeEventListener("abort", onAbort);
        resolve(answer);
      },
      (error: unknown) => {
        deadline.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
