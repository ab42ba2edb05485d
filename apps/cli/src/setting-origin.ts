// Says in words where a setting came from, for messages and `config show`.
import type { Setting, Settings } from "@salestouch/host/settings";

type DatabaseLocation = Settings["database"];

const FILE_KEYS = { baseUrl: "baseUrl", apiKey: "apiKey", accessToken: "accessToken" } as const;

export function describeOrigin(setting: Setting<unknown>, key: keyof typeof FILE_KEYS): string {
  switch (setting.source) {
    case "env":
      return setting.origin;
    case "project":
      return `"${FILE_KEYS[key]}" in the project file ${setting.origin}`;
    case "global":
      return `"${FILE_KEYS[key]}" in the global file ${setting.origin}`;
    default:
      return "the default";
  }
}

/** A database URL fit to print: any password removed. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export function describeDatabase(database: DatabaseLocation): string {
  const why =
    database.source === "default" ? "the default file; set SALESTOUCH_DATABASE_URL or SALESTOUCH_HOME to change it" : `from ${database.source}`;
  return `${redactDatabaseUrl(database.url)} (${why})`;
}
