// The embedded dialect: one SQLite file (WAL) shared by every process on the machine.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDialectConfig } from "kysely";
import type { Database } from "../schema.js";
import type { DialectConnection } from "./types.js";

/** The file a URL names (`sqlite:<path>`, `file:<path>`, a plain path or `:memory:`), else undefined. */
export function sqlitePath(url: string): string | undefined {
  if (url === ":memory:") return url;
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  if (url.startsWith("file:")) return new URL(url).pathname;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? undefined : url;
}

/**
 * Kysely prepares every query afresh; preparing costs more than running a small statement, so
 * statements are kept by SQL text (bounded, since `in (?, ?, …)` lists vary in length).
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDialectConfig["database"] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= 500) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  } as SqliteDialectConfig["database"];
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openSqlite(path: string, options: { busyTimeoutMs?: number } = {}): DialectConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  // BEGIN IMMEDIATE takes the write lock up front, so two processes on one file wait on
  // busy_timeout instead of failing on a lock upgrade; writers are serialised. The control
  // statements run on the driver directly — Kysely holds its one connection for us meanwhile —
  // which spares every command two trips through the query builder.
  const control = {
    read: database.prepare("begin"),
    write: database.prepare("begin immediate"),
    commit: database.prepare("commit"),
    rollback: database.prepare("rollback"),
  };
  const transaction: DialectConnection["transaction"] = (mode, fn) =>
    db.connection().execute(async (conn) => {
      control[mode].run();
      try {
        const result = await fn(conn);
        control.commit.run();
        return result;
      } catch (error) {
        if (database.inTransaction) control.rollback.run();
        throw error;
      }
    });
  const dataVersion = database.prepare("pragma data_version").pluck();
  return {
    name: "sqlite",
    location: path,
    db,
    transaction,
    externalChanges: () => dataVersion.get() as number,
    // One connection, no pool; a busy write waits on busy_timeout instead of running again.
    stats: () => ({ pool: null, transactionRetries: 0 }),
    // Kysely takes no migration lock on SQLite (one connection per process), so the server, the
    // CLI and MCP stdio starting at once on one file would each run the same migration. Running
    // the migrator inside one write transaction makes the others wait, then find nothing to do.
    withMigrationLock: (fn) => transaction("write", fn),
  };
}
