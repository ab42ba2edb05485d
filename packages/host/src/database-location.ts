// Which database a process uses: SALESTOUCH_DATABASE_URL, else DATABASE_URL, else the one default
// file shared by the server, the CLI's local mode and MCP stdio.
import { homedir } from "node:os";
import { join } from "node:path";
import type { LoadedConfig } from "./config.js";

export interface DatabaseLocation {
  url: string;
  /**
   * Why this database: the variable that named it (SALESTOUCH_HOME names the folder of the default
   * file), or "default" for the default file in the platform's data folder.
   */
  source: "SALESTOUCH_DATABASE_URL" | "DATABASE_URL" | "SALESTOUCH_HOME" | "default";
}

type Locations = Pick<LoadedConfig, "databaseUrl" | "home" | "setBy" | "platform">;

/** $SALESTOUCH_HOME, else $XDG_DATA_HOME/salestouch, else ~/.local/share/salestouch. */
export function dataDirectory(config: Locations): string {
  if (config.home) return config.home;
  const xdg = config.platform.xdgDataHome || join(config.platform.home || homedir(), ".local", "share");
  return join(xdg, "salestouch");
}

export function defaultDatabaseFile(config: Locations): string {
  return join(dataDirectory(config), "salestouch.db");
}

export function resolveDatabase(config: Locations): DatabaseLocation {
  const source = config.setBy.databaseUrl;
  if (config.databaseUrl && (source === "SALESTOUCH_DATABASE_URL" || source === "DATABASE_URL")) return { url: config.databaseUrl, source };
  return { url: defaultDatabaseFile(config), source: config.home ? "SALESTOUCH_HOME" : "default" };
}
