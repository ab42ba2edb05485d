// The console's only way to the server: the session routes, and the typed client (openapi-fetch)
// for everything else, sending the session's CSRF token on every request. The API key a person
// signs in with goes to the server once and is kept nowhere in the page.
import { ApiError, createClient, type CommandId, type CommandInput, type CommandOutput, type SalesTouchClient } from "@salestouch/client";

export interface Session {
  key_id: string;
  key_name: string;
  workspace_id: string;
  scopes: string[];
  csrf_token: string;
  expires_at: string;
}

export interface KeySummary {
  id: string;
  name: string;
  display_prefix: string;
  revoked_at: string | null;
}

/** A failure put in words for people: what happened and, where we know, what to do. */
export class ConsoleError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = "unreachable";

/** fetch, with a network failure turned into a message people understand. */
async function reach(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { ...init, credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new ConsoleError("The server cannot be reached. Check that it is running and that you are online, then try again.", UNREACHABLE);
  }
}

async function plainError(response: Response): Promise<ConsoleError> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; code?: string; hint?: string } } | null;
  const error = body?.error;
  return new ConsoleError(error?.message ?? `The server answered HTTP ${response.status}.`, error?.code ?? "internal_error", error?.hint);
}

/** The signed-in session, or null when there is none. */
export async function readSession(): Promise<Session | null> {
  const response = await reach("/api/v1/session");
  if (response.status === 401) return null;
  if (!response.ok) throw await plainError(response);
  return ((await response.json()) as { data: { session: Session } }).data.session;
}

export async function signIn(body: { api_key: string } | { sign_in_link: string }): Promise<Session> {
  const response = await reach("/api/v1/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw await plainError(response);
  return ((await response.json()) as { data: { session: Session } }).data.session;
}

export async function signOut(session: Session): Promise<void> {
  const response = await reach("/api/v1/session", { method: "DELETE", headers: { "X-CSRF-Token": session.csrf_token } });
  if (!response.ok && response.status !== 401) throw await plainError(response);
}

export interface Api {
  client: SalesTouchClient;
  /** Runs a command; its data, or a ConsoleError with the envelope's message and hint. */
  run<K extends CommandId>(commandId: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  /** The workspace's keys (names of who asked and who decided). */
  keys(): Promise<KeySummary[]>;
}

/** Turns what the client throws into a ConsoleError. */
export function asConsoleError(error: unknown): ConsoleError {
  if (error instanceof ConsoleError) return error;
  if (error instanceof ApiError) return new ConsoleError(error.message, error.code, error.hint);
  return new ConsoleError("Something went wrong in the page; reload it and try again.", "internal_error");
}

export function apiFor(session: Session, onSignedOut: () => void): Api {
  const guarded: typeof fetch = async (input, init) => {
    const response = await reach(input, init);
    if (response.status === 401) onSignedOut();
    return response;
  };
  const client = createClient({ baseUrl: location.origin, headers: { "X-CSRF-Token": session.csrf_token }, fetch: guarded });
  return {
    client,
    async run(commandId, input) {
      let envelope: Awaited<ReturnType<typeof client.run<typeof commandId>>>;
      try {
        envelope = await client.run(commandId, input);
      } catch (error) {
        throw asConsoleError(error);
      }
      if (!envelope.ok) throw new ConsoleError(envelope.error.message, envelope.error.code, envelope.error.hint);
      if (envelope.meta.approval_required)
        throw new ConsoleError("This action is held for approval by the workspace's rules; decide it in the inbox.", "approval_required");
      return envelope.data as CommandOutput<typeof commandId>;
    },
    async keys() {
      const response = await guarded("/api/v1/keys", { headers: { "X-CSRF-Token": session.csrf_token } });
      if (!response.ok) throw await plainError(response);
      return ((await response.json()) as { data: { keys: KeySummary[] } }).data.keys;
    },
  };
}
