// The typed HTTP client other services import: createClient({baseUrl, apiKey}).run("mission.create", input).
import createFetchClient from "openapi-fetch";
import type {
  ApprovalView, CommandId, CommandInput, CommandOutput, Descriptor, DescriptorWithSchemas, Envelope, OpenApiPaths,
  PlainErrorBody, ResponseProfile,
} from "@salestouch/contracts";

export interface ClientOptions {
  baseUrl: string;
  /** An API key (st_…), sent as Authorization: Bearer. */
  apiKey?: string;
  /** An access token, used when no apiKey is given. */
  accessToken?: string;
  /** Injected for tests and custom transports; defaults to the global fetch. */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/** A failure that is not a command result: authentication, authorization, routing or transport. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RunOptions {
  profile?: ResponseProfile;
  signal?: AbortSignal;
  /** Collect the outcome of this approval request (meta.approval_request_id of the held call), sent with the same input. */
  approvalRequestId?: string;
  /** Sent as the Idempotency-Key header: a retry with the same key and input returns the first result. */
  idempotencyKey?: string;
}

export type ApprovalStatus = ApprovalView["status"];

/** Deciding held calls; the key needs the approvals.decide scope. */
export interface ApprovalsClient {
  list(options?: { status?: ApprovalStatus; limit?: number; cursor?: string }): Promise<{ approvals: ApprovalView[]; next_cursor: string | null }>;
  get(id: string): Promise<ApprovalView>;
  approve(id: string, note?: string): Promise<ApprovalView>;
  deny(id: string, note?: string): Promise<ApprovalView>;
}

export interface SalesTouchClient {
  readonly baseUrl: string;
  /** Runs a command; command failures come back as an envelope with ok: false, never as a throw. */
  run<K extends CommandId>(commandId: K, input: CommandInput<K>, options?: RunOptions): Promise<Envelope<CommandOutput<K>>>;
  /** Runs a command whose id is only known at run time (CLI, tests). */
  runAny(commandId: string, input: unknown, options?: RunOptions): Promise<Envelope>;
  commands(): Promise<Descriptor[]>;
  schema(commandId: string): Promise<DescriptorWithSchemas>;
  /** What each command resolves to for this key: allow, ask (held for approval) or deny. */
  permissions(): Promise<{ command_id: string; permission: "allow" | "ask" | "deny"; source: string }[]>;
  readonly approvals: ApprovalsClient;
}

function isEnvelope(body: unknown): body is Envelope {
  return typeof body === "object" && body !== null && "ok" in body && "meta" in body;
}

function toApiError(status: number, body: unknown): ApiError {
  const plain = (body as PlainErrorBody | undefined)?.error;
  if (plain && typeof plain.message === "string") return new ApiError(status, plain.code, plain.message, plain.hint);
  return new ApiError(status, "internal_error", `unexpected HTTP ${status} response from the SalesTouch API`);
}

export function createClient(options: ClientOptions): SalesTouchClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = { ...options.headers };
  const credential = options.apiKey ?? options.accessToken;
  if (credential) headers["Authorization"] = `Bearer ${credential}`;
  const http = createFetchClient<OpenApiPaths>({ baseUrl, headers, fetch: options.fetch });

  async function runAny(commandId: string, input: unknown, runOptions: RunOptions = {}): Promise<Envelope> {
    // The path is only known at run time here; the typed `run` below narrows it per command.
    const body: Record<string, unknown> = { input, response_profile: runOptions.profile ?? "full" };
    if (runOptions.approvalRequestId !== undefined) body["approval_request_id"] = runOptions.approvalRequestId;
    const headers = runOptions.idempotencyKey !== undefined ? { "Idempotency-Key": runOptions.idempotencyKey } : undefined;
    const { data, error, response } = await (http.POST as unknown as (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>)(
      `/api/v1/commands/${encodeURIComponent(commandId)}`,
      { body, headers, signal: runOptions.signal },
    );
    const answer = data ?? error;
    if (isEnvelope(answer)) return answer;
    throw toApiError(response.status, answer);
  }

  const approvals: ApprovalsClient = {
    async list(options = {}) {
      const { data, error, response } = await http.GET("/api/v1/approvals", { params: { query: options } });
      if (!data) throw toApiError(response.status, error);
      return data.data as { approvals: ApprovalView[]; next_cursor: string | null };
    },
    async get(id) {
      const { data, error, response } = await http.GET("/api/v1/approvals/{approval_id}", { params: { path: { approval_id: id } } });
      if (!data) throw toApiError(response.status, error);
      return data.data.approval as ApprovalView;
    },
    async approve(id, note) {
      const { data, error, response } = await http.POST("/api/v1/approvals/{approval_id}/approve", { params: { path: { approval_id: id } }, body: note === undefined ? {} : { note } });
      if (!data) throw toApiError(response.status, error);
      return data.data.approval as ApprovalView;
    },
    async deny(id, note) {
      const { data, error, response } = await http.POST("/api/v1/approvals/{approval_id}/deny", { params: { path: { approval_id: id } }, body: note === undefined ? {} : { note } });
      if (!data) throw toApiError(response.status, error);
      return data.data.approval as ApprovalView;
    },
  };

  return {
    baseUrl,
    approvals,
    run: (commandId, input, runOptions) => runAny(commandId, input, runOptions) as never,
    runAny,
    async commands() {
      const { data, error, response } = await http.GET("/api/v1/commands");
      if (!data) throw toApiError(response.status, error);
      return data.data.commands as Descriptor[];
    },
    async permissions() {
      const { data, error, response } = await http.GET("/api/v1/permissions");
      if (!data) throw toApiError(response.status, error);
      return data.data.permissions;
    },
    async schema(commandId) {
      const { data, error, response } = await http.GET("/api/v1/commands/{command_id}/schema", { params: { path: { command_id: commandId } } });
      if (!data) throw toApiError(response.status, error);
      return data.data.command as DescriptorWithSchemas;
    },
  };
}
