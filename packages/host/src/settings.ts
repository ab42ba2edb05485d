// Where the CLI and MCP stdio send commands: a remote server when a base URL is configured,
// else the local embedded database. Precedence env > project file > global file (docs/contract.md
// "Authentication and settings"); every value remembers where it came from, for `config show`.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { loadConfig, type LoadedConfig } from "./config.js";
import { resolveDatabase, type DatabaseLocation } from "./database-location.js";

export type SettingSource = "env" | "project" | "global" | "default";

export interface Setting<T> {
  value: T;
  source: SettingSource;
  /** The variable or file that supplied the value. */
  origin: string;
}

export interface ConfigFile {
  apiKey?: string;
  accessToken?: string;
  baseUrl?: string;
}

export interface Settings {
  mode: "remote" | "local";
  baseUrl: Setting<string> | null;
  /** An API key or access token; never print `value` in full. */
  credential: (Setting<string> & { kind: "apiKey" | "accessToken" }) | null;
  database: DatabaseLocation;
  projectFile: string | null;
  globalFile: string;
  /** Config files that exist but could not be read, with why. */
  problems: string[];
  /** Every setting of the environment, checked (loadConfig). */
  config: LoadedConfig;
  /**
   * Why the credential must not be sent to the base URL, when it must not: the base URL comes from
   * the project file (a cloned repository can name any server) and the credential from the
   * environment or the global file, without SALESTOUCH_TRUST_PROJECT_BASE_URL. Remote calls refuse.
   */
  untrustedBaseUrl: string | null;
}

/** Nearest folder holding .salestouch/, else nearest holding package.json or .git. */
export function findProjectRoot(cwd: string): string | null {
  for (const marker of [[".salestouch"], ["package.json", ".git"]]) {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (marker.some((name) => existsSync(join(dir, name)))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

export function globalConfigFile(config: Pick<LoadedConfig, "configDir" | "platform">): string {
  if (config.configDir) return join(config.configDir, "salestouch.json");
  const base = config.platform.xdgConfigHome || join(config.platform.home || homedir(), ".config");
  return join(base, "salestouch", "salestouch.json");
}

function readConfig(path: string | null, problems: string[]): ConfigFile {
  if (!path || !existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("must hold a JSON object");
    const out: ConfigFile = {};
    for (const key of ["apiKey", "accessToken", "baseUrl"] as const) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === "string" && value.trim() !== "") out[key] = value.trim();
    }
    return out;
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}; it was ignored`);
    return {};
  }
}

/** The CLI's and MCP stdio's settings; throws a ConfigError when a variable holds a bad value. */
export function resolveSettings(options: { env?: NodeJS.ProcessEnv; cwd: string }): Settings {
  const config = loadConfig({ env: options.env, for: "client" });
  const problems: string[] = [];
  const root = findProjectRoot(options.cwd);
  const projectFile = root ? join(root, ".salestouch", "salestouch.json") : null;
  const globalFile = globalConfigFile(config);
  const layers: { source: SettingSource; origin: (key: string) => string; values: ConfigFile }[] = [
    {
      source: "env",
      origin: (key) => ({ apiKey: "SALESTOUCH_API_KEY", accessToken: "SALESTOUCH_ACCESS_TOKEN", baseUrl: "SALESTOUCH_API_BASE_URL" })[key]!,
      values: { apiKey: config.apiKey, accessToken: config.accessToken, baseUrl: config.apiBaseUrl },
    },
    { source: "project", origin: () => projectFile!, values: readConfig(projectFile, problems) },
    { source: "global", origin: () => globalFile, values: readConfig(globalFile, problems) },
  ];
  const first = (key: keyof ConfigFile): Setting<string> | null => {
    for (const layer of layers) {
      const value = layer.values[key];
      if (value) return { value, source: layer.source, origin: layer.origin(key) };
    }
    return null;
  };
  const baseUrl = first("baseUrl");
  const apiKey = first("apiKey");
  const accessToken = first("accessToken");
  const credential = apiKey ? { ...apiKey, kind: "apiKey" as const } : accessToken ? { ...accessToken, kind: "accessToken" as const } : null;
  const untrustedBaseUrl =
    baseUrl?.source === "project" && credential && credential.source !== "project" && !config.trustProjectBaseUrl
      ? `the project file ${baseUrl.origin} sets baseUrl ${baseUrl.value}, but the ${credential.kind === "apiKey" ? "API key" : "access token"} comes from ${credential.origin}: a key from your environment or global config is never sent to a server named by a file of the folder you run in (a cloned repository can name any server), so nothing was sent. If you trust that server, set SALESTOUCH_TRUST_PROJECT_BASE_URL=1 (or SALESTOUCH_API_BASE_URL yourself); otherwise remove baseUrl from that file`
      : null;
  return {
    mode: baseUrl ? "remote" : "local",
    baseUrl,
    credential,
    database: resolveDatabase(config),
    projectFile,
    globalFile,
    problems: untrustedBaseUrl ? [...problems, untrustedBaseUrl] : problems,
    config,
    untrustedBaseUrl,
  };
}

export { ConfigError, loadConfig, type LoadedConfig } from "./config.js";
export { configTable, describeConfig } from "./config-render.js";

/** Enough of a secret to recognise it, never enough to use it: st_AbCd…wxyz. */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return `${secret.slice(0, 3)}…`;
  return `${secret.slice(0, 7)}…${secret.slice(-4)}`;
}
