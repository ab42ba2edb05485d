// The test server's public types, self-contained so its declaration files stand alone once packed.

export interface TestServerOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Where the data lives; default `:memory:` (an in-memory SQLite database that goes with the
   * server). A file path, `sqlite:<path>` or a `postgres://…` URL (a database of its own) works too.
   */
  databaseUrl?: string;
  /** Run the spec's examples that write (missions, offers, leads, imports, drafts) in the key's workspace before answering. */
  seed?: boolean;
  /** Workspace of the returned key; default "default". */
  workspace?: string;
  /** Scopes of the returned key; default every scope and approvals.decide, so one key can also decide held calls. */
  scopes?: string[];
  /**
   * Keep what a new workspace starts with, as on a real deployment: approval-risk commands
   * (imports) and sending held for approval for API keys. Default true; false lets keys run every
   * command at once. Rules in `permissions` outrank it either way.
   */
  startingPolicy?: boolean;
  /** Permission rules of the returned key, e.g. `[{ target: "imports", permission: "allow" }]`. */
  permissions?: { target: string; permission: "allow" | "ask" | "deny" }[];
  /** Settings as environment variables (SALESTOUCH_APPROVAL_TTL, SALESTOUCH_RATE_LIMIT, …); this process's environment is not read. The rate limit is off unless set here. */
  env?: Record<string, string>;
  /** Check every response against the OpenAPI document (slower start); default false. */
  validateResponses?: boolean;
}

/** One example the seed ran: which, and the data it answered. */
export interface SeededExample {
  command_id: string;
  example: string;
  data: unknown;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:43117 */
  url: string;
  /** A key of `workspace`, sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  workspace: string;
  /** What the seed created, in the order it ran (empty without `seed`). */
  seeded: SeededExample[];
  /** Another key, e.g. of a second workspace to check isolation, or one with other rules. */
  createKey(options?: {
    workspace?: string;
    scopes?: string[];
    permissions?: TestServerOptions["permissions"];
  }): Promise<{ apiKey: string; workspace: string }>;
  /** Stops listening, waits for calls in flight, closes the database (an in-memory one is gone). */
  stop(): Promise<void>;
}
