// Which database a process uses: SALESTOUCH_DATABASE_URL, else DATABASE_URL, else the one default
// file shared by the server, the CLI's local mode and MCP stdio.
import { homedir } from "node:os";
import { join } from "node:path";

export interface DatabaseLocation {
  url: string;
  /** Why this database: the variable that named it, or "default". */
  source: "SALESTOUCH_DATABASE_URL" | "DATABASE_URL" | "default";
}

/** $SALESTOUCH_HOME, else $XDG_DATA_HOME/salestouch, else ~/.local/share/salestouch. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env["SALESTOUCH_HOME"]) return env["SALESTOUCH_HOME"];
  const xdg = env["XDG_DATA_HOME"] || join(env["HOME"] || homedir(), ".local", "share");
  return join(xdg, "salestouch");
}

export function defaultDatabaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), "salestouch.db");
}

export function resolveDatabase(env: NodeJS.ProcessEnv = process.env): DatabaseLocation {
  if (env["SALESTOUCH_DATABASE_URL"]) return { url: env["SALESTOUCH_DATABASE_URL"], source: "SALESTOUCH_DATABASE_URL" };
  if (env["DATABASE_URL"]) return { url: env["DATABASE_URL"], source: "DATABASE_URL" };
  return { url: defaultDatabaseFile(env), source: "default" };
}
