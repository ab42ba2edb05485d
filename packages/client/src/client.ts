// The typed HTTP client other services import: createClient({baseUrl, apiKey}).run("mission.create", input).
// Requests go through openapi-fetch over the generated OpenAPI paths; around each call sit a
// timeout, the caller's AbortSignal and retries that are safe to make (retry.ts).
import createFetchClient from "openapi-fetch";
import { uploadCsv, type CsvUploadSource, type UploadCsvOptions, type UploadedCsv } from "./uploads.js";
import type {
  ApprovalView,
  CommandId,
  Descriptor,
  DescriptorWithSchemas,
  Envelope,
  OpenApiPaths,
  PlainErrorBody,
  ResponseProfile,
} from "@salestouch/contracts";
import { commandFacts } from "@salestouch/contracts/facts";
import { ApiError } from "./errors.js";
import { isRedirect, redirectError } from "./redirects.js";
import { CommandFailedError, type CommandInput, type CommandOutput, type CommandResult } from "./results.js";
import { RETRYABLE_STATUSES, backoffMs, resolveRetry, retryAfterMs, sleep, type ResolvedRetry, type RetryOptions } from "./retry.js";

export interface ClientOptions {
  baseUrl: string;
  /** An API key (st_…), sent as Authorization: Bearer. */
  apiKey?: string;
  /** An access token, used when no apiKey is given. */
  accessToken?: string;
  /** Injected for tests and custom transports; defaults to the global fetch. */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Each attempt's time limit, in milliseconds (0 = none). Default 30 000. */
  timeoutMs?: number;
  /** Retries of 429/503 answers and of calls that got no answer; only for reads and calls with an Idempotency-Key. Default 2; `false` or 0 turns them off. */
  retry?: RetryOptions | number | false;
}

export interface CallOptions {
  /** Aborts the call (every attempt and the waits between them). */
  signal?: AbortSignal;
  /** This call's per-attempt time limit, instead of the client's. */
  timeoutMs?: number;
  /** This call's retries, instead of the client's. */
  retry?: RetryOptions | number | false;
}

export interface RunOptions extends CallOptions {
  profile?: ResponseProfile;
  /** Collect the outcome of this approval request (meta.approval_request_id of the held call), sent with the same input. */
  approvalRequestId?: string;
  /**
   * Sent as the Idempotency-Key header: a retry with the same key and input returns the first result.
   * When retries are on and a command that writes has none, the client makes one (a UUID) so its own retries are safe.
   */
  idempotencyKey?: string;
}

export type ApprovalStatus = ApprovalView["status"];

/** Deciding held calls; the key needs the approvals.decide scope. */
export interface ApprovalsClient {
  list(
    options?: { status?: ApprovalStatus; limit?: number; cursor?: string },
    call?: CallOptions,
  ): Promise<{ approvals: ApprovalView[]; next_cursor: string | null }>;
  get(id: string, call?: CallOptions): Promise<ApprovalView>;
  approve(id: string, note?: string, call?: CallOptions): Promise<ApprovalView>;
  deny(id: string, note?: string, call?: CallOptions): Promise<ApprovalView>;
}

type Facts = typeof commandFacts;
/** Commands that page with `cursor` and `next_cursor`. */
export type ListCommandId = { [K in CommandId]: Facts[K]["list"] extends string ? K : never }[CommandId];
/** One item of a paginated list command's page. */
export type ListItem<K extends ListCommandId> = CommandOutput<K>[Facts[K]["list"] & keyof CommandOutput<K>] extends readonly (infer I)[] ? I : never;

export interface SalesTouchClient {
  readonly baseUrl: string;
  /** Runs a command. A command that answers (ran, held, or failed) resolves; a call with no command answer throws ApiError. */
  run<K extends CommandId>(commandId: K, input: CommandInput<K>, options?: RunOptions): Promise<CommandResult<K>>;
  /** Runs a command whose id is only known at run time (CLI, tests); the envelope is not narrowed. */
  runAny(commandId: string, input: unknown, options?: RunOptions): Promise<Envelope>;
  /** Every item of a cursor-paginated list, page after page. Throws CommandFailedError if a page fails or is held. */
  paginate<K extends ListCommandId>(commandId: K, input?: Omit<CommandInput<K>, "cursor">, options?: RunOptions): AsyncIterableIterator<ListItem<K>>;
  commands(call?: CallOptions): Promise<Descriptor[]>;
  schema(commandId: string, call?: CallOptions): Promise<DescriptorWithSchemas>;
  /** What each command resolves to for this key: allow, ask (held for approval) or deny. */
  permissions(call?: CallOptions): Promise<{ command_id: string; permission: "allow" | "ask" | "deny"; source: string }[]>;
  readonly approvals: ApprovalsClient;
  /** Streams a CSV file to POST /api/v1/uploads; import it with import.csv {"upload_id": …}. */
  uploadCsv(source: CsvUploadSource, options?: UploadCsvOptions): Promise<UploadedCsv>;
}

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function isEnvelope(body: unknown): body is Envelope {
  return typeof body === "object" && body !== null && "ok" in body && "meta" in body;
}

function toApiError(response: Response, body: unknown, attempts: number): ApiError {
  const plain = (body as PlainErrorBody | undefined)?.error;
  if (plain && typeof plain.message === "string") return new ApiError(response.status, plain.code, plain.message, plain.hint, { attempts });
  return new ApiError(
    response.status,
    response.status === 404 ? "route_not_found" : "internal_error",
    `unexpected HTTP ${response.status} answer from ${response.url || "the server"}: not a SalesTouch API response`,
    undefined,
    { attempts },
  );
}

function isReadCommand(commandId: string): boolean {
  return (commandFacts as Record<string, { risk: string } | undefined>)[commandId]?.risk === "read";
}

export function createClient(options: ClientOptions): SalesTouchClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = { ...options.headers };
  const credential = options.apiKey ?? options.accessToken;
  if (credential) headers["Authorization"] = `Bearer ${credential}`;
  // Never follow a redirect: the key would go wherever the server points (redirects.ts).
  const http = createFetchClient<OpenApiPaths>({ baseUrl, headers, fetch: options.fetch, redirect: "manual" });
  const clientRetry = resolveRetry(options.retry);
  const clientTimeout = options.timeoutMs ?? 30_000;

  /**
   * Sends one call, again while it may and should be: `safe` says whether repeating it can do no
   * harm. Returns the last answer (with a body, parsed or not); throws ApiError when none came.
   */
  async function send(
    call: CallOptions,
    safe: boolean,
    attempt: (init: { signal: AbortSignal | undefined; fetch: (request: Request) => Promise<Response> }) => Promise<Answer>,
  ): Promise<Answer & { attempts: number }> {
    const policy: ResolvedRetry = call.retry === undefined ? clientRetry : resolveRetry(call.retry);
    const retries = safe ? policy.retries : 0;
    const timeoutMs = call.timeoutMs ?? clientTimeout;
    for (let attempts = 1; ; attempts++) {
      const signals = [call.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
      // The response as it arrived, so a body that is not JSON can still be reported with its status.
      let seen: Response | undefined;
      const observe = async (request: Request): Promise<Response> => {
        seen = await (options.fetch ?? globalThis.fetch)(request);
        if (isRedirect(seen)) throw redirectError(seen, request.url, attempts);
        return seen;
      };
      let retryAfter: number | null = null;
      try {
        const answer = await attempt({ signal, fetch: observe });
        if (!RETRYABLE_STATUSES.has(answer.response.status) || attempts > retries) return { ...answer, attempts };
        retryAfter = retryAfterMs(answer.response.headers.get("retry-after"));
        if (retryAfter !== null && retryAfter > policy.maxRetryAfterMs) return { ...answer, attempts };
      } catch (error) {
        if (call.signal?.aborted) throw aborted(attempts, error);
        if (error instanceof ApiError && error.code === "redirected") throw error;
        let failure: ApiError;
        if (seen !== undefined && !(error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))) {
          failure = new ApiError(
            seen.status,
            "invalid_response",
            `${baseUrl} answered HTTP ${seen.status} with a body that is not JSON: it does not look like a SalesTouch API`,
            "Point baseUrl at the server's root, e.g. http://127.0.0.1:3000.",
            { attempts, cause: error },
          );
          if (!RETRYABLE_STATUSES.has(seen.status)) throw failure;
          retryAfter = retryAfterMs(seen.headers.get("retry-after"));
        } else if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
          failure = new ApiError(0, "timeout", `no answer from ${baseUrl} within ${timeoutMs} ms`, "Raise timeoutMs, or check the server's health.", {
            kind: "timeout",
            attempts,
            cause: error,
          });
        } else {
          failure = new ApiError(
            0,
            "network_error",
            `cannot reach ${baseUrl}: ${describeNetworkError(error)}`,
            "Check the base URL and that the server is running.",
            { kind: "network", attempts, cause: error },
          );
        }
        if (attempts > retries || (retryAfter !== null && retryAfter > policy.maxRetryAfterMs)) throw failure;
      }
      try {
        await sleep(backoffMs(attempts, policy, retryAfter), call.signal);
      } catch (error) {
        throw aborted(attempts, error);
      }
    }
  }

  async function runAny(commandId: string, input: unknown, runOptions: RunOptions = {}): Promise<Envelope> {
    const body: Record<string, unknown> = { input, response_profile: runOptions.profile ?? "full" };
    if (runOptions.approvalRequestId !== undefined) body["approval_request_id"] = runOptions.approvalRequestId;
    const isRead = isReadCommand(commandId);
    const retrying = (runOptions.retry === undefined ? clientRetry : resolveRetry(runOptions.retry)).retries > 0;
    // A write is repeated only under a key: the server then runs it once and replays that result.
    const idempotencyKey = runOptions.idempotencyKey ?? (retrying && !isRead ? globalThis.crypto.randomUUID() : undefined);
    const extraHeaders = idempotencyKey !== undefined ? { "Idempotency-Key": idempotencyKey } : undefined;
    // The path is only known at run time here; the typed `run` narrows the result per command.
    const post = http.POST as unknown as (path: string, init: object) => Promise<Answer>;
    const answer = await send(runOptions, isRead || idempotencyKey !== undefined, (init) =>
      post(`/api/v1/commands/${encodeURIComponent(commandId)}`, { body, headers: extraHeaders, ...init }),
    );
    const envelope = answer.data ?? answer.error;
    if (isEnvelope(envelope)) return envelope;
    throw toApiError(answer.response, envelope, answer.attempts);
  }

  async function read<T>(
    call: CallOptions,
    request: (init: { signal: AbortSignal | undefined; fetch: (request: Request) => Promise<Response> }) => Promise<Answer>,
    pick: (data: never) => T,
  ): Promise<T> {
    const answer = await send(call, true, request);
    if (!answer.response.ok || answer.data === undefined) throw toApiError(answer.response, answer.error ?? answer.data, answer.attempts);
    return pick(answer.data as never);
  }

  async function decide(id: string, verb: "approve" | "deny", note: string | undefined, call: CallOptions = {}): Promise<ApprovalView> {
    // Deciding is not repeated: a second approve of the same request answers a conflict.
    const path = verb === "approve" ? "/api/v1/approvals/{approval_id}/approve" : "/api/v1/approvals/{approval_id}/deny";
    const answer = await send(call, false, (init) =>
      http.POST(path, { params: { path: { approval_id: id } }, body: note === undefined ? {} : { note }, ...init }),
    );
    if (!answer.response.ok || answer.data === undefined) throw toApiError(answer.response, answer.error ?? answer.data, answer.attempts);
    return (answer.data as { data: { approval: ApprovalView } }).data.approval;
  }

  const approvals: ApprovalsClient = {
    list: (query = {}, call = {}) =>
      read(
        call,
        (init) => http.GET("/api/v1/approvals", { params: { query }, ...init }),
        (d: { data: { approvals: ApprovalView[]; next_cursor: string | null } }) => d.data,
      ),
    get: (id, call = {}) =>
      read(
        call,
        (init) => http.GET("/api/v1/approvals/{approval_id}", { params: { path: { approval_id: id } }, ...init }),
        (d: { data: { approval: ApprovalView } }) => d.data.approval,
      ),
    approve: (id, note, call) => decide(id, "approve", note, call),
    deny: (id, note, call) => decide(id, "deny", note, call),
  };

  async function* paginate(commandId: ListCommandId, input: object = {}, runOptions: RunOptions = {}): AsyncGenerator<never> {
    const field = commandFacts[commandId].list;
    let cursor: string | null = null;
    do {
      const page = cursor === null ? input : { ...input, cursor };
      const result = (await runAny(commandId, page, runOptions)) as Envelope<Record<string, unknown>>;
      if (!result.ok || result.status !== 200) throw new CommandFailedError(commandId, result as never);
      yield* result.data[field] as never[];
      cursor = (result.data["next_cursor"] as string | null | undefined) ?? null;
    } while (cursor !== null);
  }

  return {
    baseUrl,
    approvals,
    run: (commandId, input, runOptions) => runAny(commandId, input, runOptions) as never,
    runAny,
    paginate: paginate as SalesTouchClient["paginate"],
    commands: (call = {}) =>
      read(
        call,
        (init) => http.GET("/api/v1/commands", init),
        (d: { data: { commands: Descriptor[] } }) => d.data.commands,
      ),
    permissions: (call = {}) =>
      read(
        call,
        (init) => http.GET("/api/v1/permissions", init),
        (d: { data: { permissions: { command_id: string; permission: "allow" | "ask" | "deny"; source: string }[] } }) => d.data.permissions,
      ),
    schema: (commandId, call = {}) =>
      read(
        call,
        (init) => http.GET("/api/v1/commands/{command_id}/schema", { params: { path: { command_id: commandId } }, ...init }),
        (d: { data: { command: DescriptorWithSchemas } }) => d.data.command,
      ),
    uploadCsv: (source, uploadOptions) =>
      uploadCsv(
        { baseUrl, headers, fetch: options.fetch, error: (status, code, message, hint) => new ApiError(status, code, message, hint) },
        source,
        uploadOptions,
      ),
  };
}

function aborted(attempts: number, cause: unknown): ApiError {
  return new ApiError(0, "aborted", "the call was aborted by its AbortSignal", undefined, { kind: "aborted", attempts, cause });
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
