// The typed HTTP client other services import: createClient({baseUrl, apiKey}).run("mission.create", input).
import createFetchClient from "openapi-fetch";
import type {
  CommandId, CommandInput, CommandOutput, Descriptor, DescriptorWithSchemas, Envelope, OpenApiPaths,
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
}

export interface SalesTouchClient {
  readonly baseUrl: string;
  /** Runs a command; command failures come back as an envelope with ok: false, never as a throw. */
  run<K extends CommandId>(commandId: K, input: CommandInput<K>, options?: RunOptions): Promise<Envelope<CommandOutput<K>>>;
  /** Runs a command whose id is only known at run time (CLI, tests). */
  runAny(commandId: string, input: unknown, options?: RunOptions): Promise<Envelope>;
  commands(): Promise<Descriptor[]>;
  schema(commandId: string): Promise<DescriptorWithSchemas>;
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
    const { data, error, response } = await (http.POST as unknown as (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>)(
      `/api/v1/commands/${encodeURIComponent(commandId)}`,
      { body: { input, response_profile: runOptions.profile ?? "full" }, signal: runOptions.signal },
    );
    const body = data ?? error;
    if (isEnvelope(body)) return body;
    throw toApiError(response.status, body);
  }

  return {
    baseUrl,
    run: (commandId, input, runOptions) => runAny(commandId, input, runOptions) as never,
    runAny,
    async commands() {
      const { data, error, response } = await http.GET("/api/v1/commands");
      if (!data) throw toApiError(response.status, error);
      return data.data.commands as Descriptor[];
    },
    async schema(commandId) {
      const { data, error, response } = await http.GET("/api/v1/commands/{command_id}/schema", { params: { path: { command_id: commandId } } });
      if (!data) throw toApiError(response.status, error);
      return data.data.command as DescriptorWithSchemas;
    },
  };
}
