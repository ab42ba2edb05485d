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
    database.source === "default"
      ? "the default file; set SALESTOUCH_DATABASE_URL or SALESTOUCH_HOME to change it"
      : database.source === "SALESTOUCH_HOME"
        ? "the default file in SALESTOUCH_HOME"
        : `from ${database.source}`;
  return `${redactDatabaseUrl(database.url)} (${why})`;
}

/**
 * What a person should know about the database just opened, for stderr: which one it is when it is
 * not the default file (a variable chose it, so `npm start` in another shell may use another), and
 * a warning when it did not exist and was created empty. Null when there is nothing to say.
 */
export function databaseNotice(database: DatabaseLocation, created: boolean, program: string): string | null {
  if (created) {
    return (
      `${program}: warning: created a new, empty database at ${describeDatabase(database)}. ` +
      "If you expected existing data, check SALESTOUCH_HOME and SALESTOUCH_DATABASE_URL (the server must be given the same); " +
      "`salestouch config show` shows where each setting comes from.\n"
    );
  }
  if (database.source === "default") return null;
  return `${program}: using the database ${describeDatabase(database)}\n`;
}
