// Opens the embedded database for local mode and key administration, turning a failure to open
// it into a message that names the database and the setting that chose it.
import { openRuntime, type LocalRuntime } from "@salestouch/host";
import { codeCacheNotNow } from "@salestouch/launch/code-cache-ready";
import type { Settings } from "@salestouch/host/settings";
import { createJsonLogger } from "@salestouch/runtime";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./io.js";
import { databaseNotice, describeDatabase } from "./setting-origin.js";

export async function openLocalDatabase(options: { settings: Settings; io: CliIo; debug: boolean }): Promise<LocalRuntime> {
  const { database, config } = options.settings;
  // Runtime logs are JSON lines on stderr, so stdout keeps only the command's output; the CLI
  // logs errors only unless SALESTOUCH_LOG_LEVEL says otherwise.
  const level = options.debug ? "debug" : config.setBy.logLevel ? config.logLevel : "error";
  const logger = createJsonLogger({ level, write: (line) => options.io.stderr.write(line), base: { surface: "cli" } });
  let opened: LocalRuntime;
  try {
    opened = await openRuntime({ databaseUrl: database.url, logger, config });
  } catch (error) {
    throw new CliError("unavailable", `cannot open the database ${describeDatabase(database)}: ${(error as Error).message}`, {
      hint: "Check that the database is reachable and writable (a file path for SQLite, postgres://… for PostgreSQL), or point SALESTOUCH_DATABASE_URL at another one.",
      cause: error,
    });
  }
  // A call that created or upgraded the database compiled the migrations, which later calls never
  // run: its code cache would carry them into every later start, so a later call leaves it.
  if (opened.store.migrated) codeCacheNotNow();
  // On stderr, never stdout (--json stays one document); SALESTOUCH_LOG_LEVEL=silent turns it off.
  const notice = config.logLevel === "silent" ? null : databaseNotice(database, opened.store.created, "salestouch");
  if (notice) options.io.stderr.write(notice);
  return opened;
}
