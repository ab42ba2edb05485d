// The server dialect: PostgreSQL through a pg Pool, for several server replicas on one database.
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../schema.js";
import type { DialectConnection, TransactionMode, TransactionOptions } from "./types.js";

const DEFAULT_POOL_SIZE = 10;
const INT8_OID = 20;

/**
 * A transaction that lost a race is run again from the start, where it sees the winner's row:
 * a unique violation (two replicas inserting the same import source, lead key or workspace),
 * a serialization failure or a deadlock. Read committed plus these retries gives every handler
 * the outcome it would have had if the two requests had come one after the other.
 */
const RETRIED_CODES = new Set(["23505", "40001", "40P01"]);
const MAX_ATTEMPTS = 3;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Counts come back as int8; they are small, so they are read as numbers like SQLite gives them. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

export function openPostgres(url: string, location: string, poolSize: number = DEFAULT_POOL_SIZE): DialectConnection {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, application_name: "salestouch", connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool discards it and the next query opens a new one or reports `unavailable`.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const counters = { retries: 0 };
  return {
    name: "postgres",
    location,
    db,
    reads: db,
    transaction: (mode, fn, options) => retried(db, mode, fn, options, counters),
    stats: () => ({ pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }, transactionRetries: counters.retries }),
    // Kysely's migrator holds a session advisory lock on PostgreSQL while it migrates.
    withMigrationLock: (fn) => fn(db),
    close: () => db.destroy(),
  };
}

async function retried<T>(
  db: Kysely<Database>,
  mode: TransactionMode,
  fn: (db: Kysely<Database>) => Promise<T>,
  options: TransactionOptions = {},
  counters: { retries: number } = { retries: 0 },
): Promise<T> {
  const maxAttempts = options.once ? 1 : MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      let builder = mode === "read" ? db.transaction().setAccessMode("read only") : db.transaction();
      if (options.serializable) builder = builder.setIsolationLevel("serializable");
      return await builder.execute(fn);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= maxAttempts || typeof code !== "string" || !RETRIED_CODES.has(code)) throw error;
      counters.retries++;
    }
  }
}
