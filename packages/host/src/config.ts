// The one configuration module: every setting of every process is declared here once — variable,
// type, range, default and meaning — parsed from the environment by its zod schema, and rendered
// into the README's table and `salestouch config show` from the same declaration. Nothing else in
// packages/ or apps/ reads the environment; packages receive the values as options.
// A bad value stops the process at start with a message naming the variable, the value and what
// is allowed. Adding a setting: one entry in SETTINGS, then `pnpm config:table` for the README (config-render.ts).
import * as z from "zod";
import { checkDispatcher, checkLeadSource } from "./config-checks.js";

/** Which processes read a setting: the server, the CLI and MCP stdio (client), or all of them (runtime). */
type SettingGroup = "server" | "runtime" | "client";

export interface SettingSpec<T> {
  /** The variable; `aliases` are read after it, in order. */
  env: string;
  aliases?: readonly string[];
  group: SettingGroup;
  /** Parses the raw text of the variable into the value. */
  schema: z.ZodType<T, string>;
  default: T;
  /** The default as the README and `config show` state it. */
  defaultText: string;
  /** What the variable accepts, in words (the error message and the README say it). */
  allowed: string;
  meaning: string;
  /** An empty variable counts as unset (paths, URLs and keys); elsewhere it is a bad value. */
  blankIsUnset?: boolean;
  /** Never printed in full. */
  secret?: boolean;
}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNITS_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const DAY_MS = UNITS_MS["d"]!;

/** "90s", "30m", "24h", "2d", "500ms", or plain seconds ("3600"); undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNITS_MS[(match[2] ?? "s").toLowerCase()]!);
}

/** "512kb", "1mb", "1048576" (bytes); undefined when it is not one. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * UNITS_BYTES[(match[2] ?? "b").toLowerCase()]!);
}

function formatBytes(n: number): string {
  for (const unit of ["gb", "mb", "kb"] as const) if (n % UNITS_BYTES[unit]! === 0) return `${n / UNITS_BYTES[unit]!}${unit}`;
  return `${n}b`;
}

function formatMs(ms: number): string {
  for (const unit of ["d", "h", "m", "s"] as const) if (ms % UNITS_MS[unit]! === 0) return `${ms / UNITS_MS[unit]!}${unit}`;
  return `${ms}ms`;
}

// One constructor per kind of value: each builds the schema and says what it allows from the
// same numbers, so the check and its explanation cannot drift apart.
type Spec<T> = Omit<SettingSpec<T>, "schema" | "allowed"> & { note?: string };

type WithSchema<T, S> = S & { readonly schema: z.ZodType<T, string> };
/** The setting, its schema built when a variable is first checked (building every one was a tenth of a CLI call's start). */
function withSchema<T, S extends Omit<SettingSpec<T>, "schema">>(spec: S, build: () => z.ZodType<T, string>): WithSchema<T, S> {
  let schema: z.ZodType<T, string> | undefined;
  return Object.defineProperty(spec, "schema", { get: () => (schema ??= build()), enumerable: true }) as WithSchema<T, S>;
}

function integer(spec: Spec<number> & { min: number; max: number }): SettingSpec<number> {
  const allowed = `a whole number from ${spec.min} to ${spec.max}${spec.note ? ` (${spec.note})` : ""}`;
  return withSchema({ ...spec, allowed }, () =>
    z
      .string()
      .regex(/^\s*-?\d+\s*$/, "not a whole number")
      .transform(Number)
      .pipe(z.number().int().min(spec.min, "too small").max(spec.max, "too large")),
  );
}

function duration(spec: Spec<number> & { maxMs: number }): SettingSpec<number> {
  const allowed = `a duration such as 30m, 24h or 7d (ms, s, m, h, d; a plain number is seconds), from 0 to ${formatMs(spec.maxMs)}`;
  return withSchema({ ...spec, allowed }, () =>
    z
      .string()
      .transform((text, ctx) => {
        const ms = parseDuration(text);
        if (ms === undefined) ctx.addIssue({ code: "custom", message: "not a duration" });
        return ms ?? 0;
      })
      .pipe(z.number().max(spec.maxMs, "too long")),
  );
}

function byteSize(spec: Spec<number> & { min: number; max: number }): SettingSpec<number> {
  const allowed = `a size such as 512kb or 1mb (b, kb, mb, gb; a plain number is bytes), from ${formatBytes(spec.min)} to ${formatBytes(spec.max)}`;
  return withSchema({ ...spec, allowed }, () =>
    z
      .string()
      .transform((text, ctx) => {
        const bytes = parseByteSize(text);
        if (bytes === undefined) ctx.addIssue({ code: "custom", message: "not a size" });
        return bytes ?? 0;
      })
      .pipe(z.number().min(spec.min, "too small").max(spec.max, "too large")),
  );
}

function oneOf<const T extends string>(spec: Spec<T> & { values: readonly T[] }): SettingSpec<T> {
  const { values, ...rest } = spec;
  const schema = () =>
    z
      .string()
      .trim()
      .pipe(z.enum(values as unknown as [T, ...T[]]));
  return withSchema({ ...rest, allowed: `one of ${values.join(", ")}` }, schema as unknown as () => z.ZodType<T, string>);
}

function text<T extends string | undefined>(spec: Spec<T> & { pattern?: RegExp; minLength?: number; allowed: string }): SettingSpec<T> {
  const { pattern, minLength, ...rest } = spec;
  return withSchema(rest, () => {
    const schema = z
      .string()
      .trim()
      .min(minLength ?? 1, "empty");
    return (pattern ? schema.regex(pattern, "not in the accepted form") : schema) as unknown as z.ZodType<T, string>;
  });
}

function httpUrl(spec: Spec<string | undefined>): SettingSpec<string | undefined> {
  const isHttp = (value: string): boolean => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
  const schema = () => z.string().trim().refine(isHttp, "is not an http(s) URL") as z.ZodType<string | undefined, string>;
  return withSchema({ ...spec, allowed: "an http(s) URL, e.g. https://salestouch.example.com" }, schema);
}

function flag(spec: Spec<boolean>): SettingSpec<boolean> {
  const yesNo = () =>
    z
      .string()
      .trim()
      .pipe(z.enum(["0", "1", "true", "false"]));
  return withSchema({ ...spec, allowed: "1 or 0 (true or false)" }, () => yesNo().transform((v) => v === "1" || v === "true"));
}

const ORIGIN = /^https?:\/\/[^/\s,]+$/i;

const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

// biome-ignore format: one setting per entry, each a few dense lines, reads best as a table
export const SETTINGS = {
  databaseUrl: text<string | undefined>({
    env: "SALESTOUCH_DATABASE_URL", aliases: ["DATABASE_URL"], group: "runtime", blankIsUnset: true, default: undefined,
    defaultText: "`salestouch.db` in `SALESTOUCH_HOME`", allowed: "`sqlite:<path>` or a file path; `postgres://user:password@host:port/db`",
    meaning: "the database ([docs/deploy.md](docs/deploy.md)); `DATABASE_URL` is read when it is unset",
  }),
  home: text<string | undefined>({
    env: "SALESTOUCH_HOME", group: "runtime", blankIsUnset: true, default: undefined,
    defaultText: "`$XDG_DATA_HOME/salestouch` or `~/.local/share/salestouch`", allowed: "a folder path",
    meaning: "folder of the default database `salestouch.db`",
  }),
  dbPoolSize: integer({
    env: "SALESTOUCH_DB_POOL_SIZE", group: "runtime", default: 10, defaultText: "`10`", min: 1, max: 1000,
    meaning: "PostgreSQL connections one process may hold",
  }),
  sqliteBusyTimeoutMs: integer({
    env: "SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS", group: "runtime", default: 5000, defaultText: "`5000`", min: 0, max: 600_000,
    meaning: "how long a write waits for another process's lock on the SQLite file before answering `unavailable`",
  }),
  logLevel: oneOf({
    env: "SALESTOUCH_LOG_LEVEL", group: "runtime", default: "info", defaultText: "`info` (the CLI: `error`)", values: LOG_LEVELS,
    meaning: "JSON log lines (stdout for the server, stderr for the CLI and MCP stdio)",
  }),
  approvalTtlMs: duration({
    env: "SALESTOUCH_APPROVAL_TTL", group: "runtime", default: DAY_MS, defaultText: "`24h`", maxMs: 365 * DAY_MS,
    meaning: "how long a call held for approval waits for a person; 0 expires requests at once ([docs/approvals.md](docs/approvals.md))",
  }),
  dispatcher: oneOf<"outbox" | "webhook">({
    env: "SALESTOUCH_DISPATCHER", group: "runtime", default: "outbox", defaultText: "`outbox` (`webhook` when `SALESTOUCH_WEBHOOK_URL` is set)", values: ["outbox", "webhook"],
    meaning: "where sent LinkedIn drafts go: the outbox, or a signed webhook to your sending tool",
  }),
  webhookUrl: httpUrl({
    env: "SALESTOUCH_WEBHOOK_URL", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none",
    meaning: "your sending tool's endpoint; deliveries never follow redirects",
  }),
  webhookSecret: text<string | undefined>({
    env: "SALESTOUCH_WEBHOOK_SECRET", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none", minLength: 16, secret: true,
    allowed: "at least 16 characters", meaning: "shared with the receiver; signs each delivery (required by the webhook dispatcher)",
  }),
  webhookAttempts: integer({
    env: "SALESTOUCH_WEBHOOK_ATTEMPTS", group: "runtime", default: 4, defaultText: "`4`", min: 1, max: 20,
    meaning: "deliveries tried per sent draft before it is marked failed",
  }),
  webhookBackoffMs: integer({
    env: "SALESTOUCH_WEBHOOK_BACKOFF_MS", group: "runtime", default: 500, defaultText: "`500`", min: 0, max: 60_000,
    meaning: "wait before the second attempt, doubled after each failed one",
  }),
  rescoreBatch: integer({
    env: "SALESTOUCH_RESCORE_BATCH", group: "runtime", default: 4000, defaultText: "`4000`", min: 1, max: 100_000,
    meaning: "leads a background rescoring batch takes in one transaction, a few hundred at a time with the event loop free between; other writes wait at most one batch ([docs/scoring.md](docs/scoring.md))",
  }),
  leadSource: oneOf<"none" | "webhook" | "file">({
    env: "SALESTOUCH_LEAD_SOURCE", group: "runtime", default: "none", defaultText: "`none`", values: ["none", "webhook", "file"],
    meaning: "where `import.linkedin.search` and `import.sales_nav.filters` get people: your service over a signed webhook, or a local JSON file; none answers `source_not_configured` ([docs/lead-sources.md](docs/lead-sources.md))",
  }),
  leadSourceUrl: httpUrl({
    env: "SALESTOUCH_LEAD_SOURCE_URL", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none",
    meaning: "the webhook lead source's endpoint, sent each search signed; never follows redirects",
  }),
  leadSourceSecret: text<string | undefined>({
    env: "SALESTOUCH_LEAD_SOURCE_SECRET", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none", minLength: 16, secret: true,
    allowed: "at least 16 characters", meaning: "shared with the webhook lead source; signs each search and checks each answer and callback",
  }),
  leadSourceFile: text<string | undefined>({
    env: "SALESTOUCH_LEAD_SOURCE_FILE", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none", allowed: "a path to an existing JSON file",
    meaning: "the file lead source: JSON of results keyed by search URL, read on every search",
  }),
  leadSourceTimeoutMs: duration({
    env: "SALESTOUCH_LEAD_SOURCE_TIMEOUT", group: "runtime", default: 30_000, defaultText: "`30s`", maxMs: 600_000,
    meaning: "how long a search waits for the webhook lead source, callbacks included, before failing with `source_failed`",
  }),
  leadSourceCallbackUrl: httpUrl({
    env: "SALESTOUCH_LEAD_SOURCE_CALLBACK_URL", group: "server", blankIsUnset: true, default: undefined, defaultText: "none (answers must come at once)",
    meaning: "this server's `/api/v1/lead-sources/callback` as the lead source reaches it, sent with each search so it may post results later; any replica's route completes a search (the load balancer's address will do)",
  }),
  nodeEnv: text<string | undefined>({
    env: "NODE_ENV", group: "runtime", blankIsUnset: true, default: undefined, defaultText: "none", allowed: "any text",
    meaning: "`production` stops checking each command's output against its schema",
  }),
  port: integer({
    env: "PORT", group: "server", default: 3000, defaultText: "`3000`", min: 0, max: 65535, note: "0 picks a free port",
    meaning: "the port the server listens on",
  }),
  host: text<string>({
    env: "HOST", group: "server", default: "127.0.0.1", defaultText: "`127.0.0.1`", pattern: /^[A-Za-z0-9.:%_[\]-]+$/,
    allowed: "an interface address or host name: 127.0.0.1, ::1, or 0.0.0.0 for every interface",
    meaning: "the interface the server listens on",
  }),
  publicUrl: httpUrl({
    env: "SALESTOUCH_PUBLIC_URL", group: "server", blankIsUnset: true, default: undefined, defaultText: "none (`servers` is `/`, the host that served the document)",
    meaning: "the address clients reach the server at behind a proxy; `/openapi.json` names it in `servers`",
  }),
  bodyLimit: byteSize({
    env: "SALESTOUCH_BODY_LIMIT", group: "server", default: UNITS_BYTES["mb"]!, defaultText: "`1mb`", min: 1024, max: 100 * UNITS_BYTES["mb"]!,
    meaning: "largest JSON request body (a CSV file goes through `POST /api/v1/uploads` instead)",
  }),
  requestTimeoutMs: duration({
    env: "SALESTOUCH_REQUEST_TIMEOUT", group: "server", default: 60_000, defaultText: "`60s`", maxMs: DAY_MS,
    meaning: "how long a client may take to send a whole request, uploads included: raise it for big CSV uploads over slow links (150 MB at 10 Mbit/s takes about 2 minutes)",
  }),
  uploadDir: text<string | undefined>({
    env: "SALESTOUCH_UPLOAD_DIR", group: "runtime", blankIsUnset: true, default: undefined,
    defaultText: "next to a SQLite file (`<file>-uploads`); on PostgreSQL `salestouch-uploads` in the system temp folder", allowed: "a folder path",
    meaning: "where uploaded CSV files wait for `import.csv`'s `upload_id` until they expire; several replicas need one shared folder ([docs/imports-and-leads.md](docs/imports-and-leads.md))",
  }),
  uploadLimit: byteSize({
    env: "SALESTOUCH_UPLOAD_LIMIT", group: "server", default: 256 * UNITS_BYTES["mb"]!, defaultText: "`256mb`", min: 1024, max: 100 * UNITS_BYTES["gb"]!,
    meaning: "largest CSV file `POST /api/v1/uploads` takes (streamed to disk, never held in memory)",
  }),
  uploadQuota: byteSize({
    env: "SALESTOUCH_UPLOAD_QUOTA", group: "server", default: UNITS_BYTES["gb"]!, defaultText: "`1gb`", min: 1024, max: 1000 * UNITS_BYTES["gb"]!,
    meaning: "bytes one API key may keep in unexpired uploads",
  }),
  uploadTtlMs: duration({
    env: "SALESTOUCH_UPLOAD_TTL", group: "server", default: DAY_MS, defaultText: "`24h`", maxMs: 365 * DAY_MS,
    meaning: "how long an upload is kept before the clean-up removes it",
  }),
  rateLimit: integer({
    env: "SALESTOUCH_RATE_LIMIT", group: "server", default: 600, defaultText: "`600`", min: 0, max: 1_000_000, note: "0 = no limit",
    meaning: "requests a minute per API key, in bursts up to that many (every MCP tool call counts, batched or not); past it `429` with `Retry-After`",
  }),
  corsOrigins: withSchema<readonly string[], Omit<SettingSpec<readonly string[]>, "schema">>({
    env: "SALESTOUCH_CORS_ORIGINS", group: "server", blankIsUnset: true, default: [] as readonly string[], defaultText: "none",
    allowed: "comma-separated origins such as https://app.example.com (scheme, host and port; no path)",
    meaning: "browser origins allowed to call the API; CORS is off without it",
  }, () => z.string().transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean)).pipe(z.array(z.string().regex(ORIGIN, "not an origin")))),
  metricsListen: text<string | undefined>({
    env: "SALESTOUCH_METRICS_LISTEN", group: "server", blankIsUnset: true, default: undefined, defaultText: "none (off)",
    pattern: /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, allowed: "host:port, such as 127.0.0.1:9464",
    meaning: "serve `GET /metrics` (Prometheus) on this separate address, apart from the API ([docs/operations.md](docs/operations.md))",
  }),
  metricsToken: text<string | undefined>({
    env: "SALESTOUCH_METRICS_TOKEN", group: "server", blankIsUnset: true, default: undefined, defaultText: "none (off)", minLength: 16, secret: true,
    allowed: "at least 16 characters", meaning: "also serve `GET /metrics` on the API's port, to `Authorization: Bearer <token>` only",
  }),
  sessionTtlMs: duration({
    env: "SALESTOUCH_SESSION_TTL", group: "server", default: 12 * UNITS_MS["h"]!, defaultText: "`12h`", maxMs: 30 * DAY_MS,
    meaning: "how long a web console session lasts after sign-in ([docs/console.md](docs/console.md))",
  }),
  validateResponses: flag({
    env: "SALESTOUCH_VALIDATE_RESPONSES", group: "server", default: false, defaultText: "`0`",
    meaning: "check every response against the contract and log each mismatch (development and tests)",
  }),
  apiBaseUrl: httpUrl({
    env: "SALESTOUCH_API_BASE_URL", group: "client", blankIsUnset: true, default: undefined, defaultText: "none (local mode)",
    meaning: "the server the CLI and `salestouch-mcp` send commands to ([docs/cli.md](docs/cli.md))",
  }),
  apiKey: text<string | undefined>({
    env: "SALESTOUCH_API_KEY", group: "client", blankIsUnset: true, default: undefined, defaultText: "none", secret: true,
    allowed: "an API key (`st_…`)", meaning: "the key the CLI and `salestouch-mcp` present in remote mode",
  }),
  accessToken: text<string | undefined>({
    env: "SALESTOUCH_ACCESS_TOKEN", group: "client", blankIsUnset: true, default: undefined, defaultText: "none", secret: true,
    allowed: "an access token", meaning: "presented instead of an API key when no key is set",
  }),
  trustProjectBaseUrl: flag({
    env: "SALESTOUCH_TRUST_PROJECT_BASE_URL", group: "client", default: false, defaultText: "`0`",
    meaning: "let a project file's `baseUrl` receive a key from the environment or the global file (refused otherwise)",
  }),
  configDir: text<string | undefined>({
    env: "SALESTOUCH_CONFIG_DIR", group: "client", blankIsUnset: true, default: undefined,
    defaultText: "`$XDG_CONFIG_HOME/salestouch` or `~/.config/salestouch`", allowed: "a folder path",
    meaning: "folder of the global config file `salestouch.json`",
  }),
} as const satisfies Record<string, SettingSpec<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;
export type Config = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

/** A loaded configuration: the values, and which variable set each (absent: the default). */
export interface LoadedConfig extends Config {
  readonly setBy: Partial<Record<SettingKey, string>>;
  /** The environment the paths were derived from (HOME, XDG_*), for default locations. */
  readonly platform: { home?: string; xdgDataHome?: string; xdgConfigHome?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `the configuration has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Which groups each process reads: the server ignores client settings, the CLI ignores server ones. */
export type ConfigConsumer = "server" | "client" | "all";
const GROUPS: Record<ConfigConsumer, readonly SettingGroup[]> = {
  server: ["server", "runtime"],
  client: ["client", "runtime"],
  all: ["server", "runtime", "client"],
};

/** A password inside a URL (postgres://user:password@host) is never printed. */
export function redactCredentials(text: string): string {
  return text.replace(/(\/\/[^:/@\s]+:)[^@\s]*@/g, "$1***@");
}

function shown(spec: SettingSpec<unknown>, raw: string): string {
  return spec.secret ? `"${raw.slice(0, 3)}…"` : redactCredentials(JSON.stringify(raw));
}

/**
 * Reads and checks the settings one process uses. Throws a ConfigError listing every bad value;
 * settings of groups this process does not read keep their defaults.
 */
export function loadConfig(options: { env?: NodeJS.ProcessEnv; for: ConfigConsumer }): LoadedConfig {
  const env = options.env ?? process.env;
  const groups = GROUPS[options.for];
  const values: Record<string, unknown> = {};
  const setBy: Partial<Record<SettingKey, string>> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(SETTINGS) as [SettingKey, SettingSpec<unknown>][]) {
    values[key] = spec.default;
    if (!groups.includes(spec.group)) continue;
    const name = [spec.env, ...(spec.aliases ?? [])].find((n) => env[n] !== undefined && !(spec.blankIsUnset && env[n]!.trim() === ""));
    if (!name) continue;
    const raw = env[name]!;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      values[key] = parsed.data;
      setBy[key] = name;
    } else {
      const why = raw.trim() === "" ? "empty" : (parsed.error.issues[0]?.message ?? "invalid");
      problems.push(
        `${name}=${shown(spec, raw)} is not allowed (${why}): use ${spec.allowed}${spec.blankIsUnset ? ", or leave it unset" : `, or leave it unset for the default ${spec.defaultText.replace(/`/g, "")}`}`,
      );
    }
  }
  const config = values as Config;
  checkDispatcher(config, setBy, problems);
  checkLeadSource(config, setBy, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  if (!setBy.dispatcher && config.webhookUrl) config.dispatcher = "webhook";
  return Object.assign(config, {
    setBy,
    platform: { home: env["HOME"] || undefined, xdgDataHome: env["XDG_DATA_HOME"] || undefined, xdgConfigHome: env["XDG_CONFIG_HOME"] || undefined },
  });
}

/** The defaults, as a process with no variables set would see them (tests and embedding). */
export function defaultConfig(overrides: Partial<Config> = {}): LoadedConfig {
  return Object.assign(loadConfig({ env: {}, for: "server" }), overrides);
}
