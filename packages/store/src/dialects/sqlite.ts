// The embedded dialect: one SQLite file (WAL) shared by every process on the machine.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from "kysely";
import type { Database } from "../schema.js";
import { ARRAY_ROWS } from "./array-rows.js";
import { AUTOCHECKPOINT_PAGES, Checkpointer } from "./checkpointer.js";
import { EACH_ROW, eachRowStatement } from "./each-row.js";
import type { DialectConnection, DirectStatements } from "./types.js";

/** The file a URL names (`sqlite:<path>`, `file:<path>`, a plain path or `:memory:`), else undefined. */
export function sqlitePath(url: string): string | undefined {
  if (url === ":memory:") return url;
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  if (url.startsWith("file:")) return new URL(url).pathname;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? undefined : url;
}

/**
 * Kysely prepares every query afresh; preparing costs more than running a small statement, so
 * statements are kept by SQL text (bounded, since `in (?, ?, …)` lists vary in length). A text
 * ending in EACH_ROW is run once per row of its parameters (each-row.ts); one that starts with
 * ARRAY_ROWS answers rows as arrays (array-rows.ts). The same statements serve Kysely and the
 * direct statements of a transaction.
 */
function statementCache(database: SqliteDatabase.Database): (text: string) => SqliteDatabase.Statement {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= 500) statements.clear();
      statement = text.endsWith(EACH_ROW)
        ? (eachRowStatement(database.prepare(text), text) as unknown as SqliteDatabase.Statement)
        : database.prepare(text);
      if (text.startsWith(ARRAY_ROWS)) statement.raw(true);
      statements.set(text, statement);
    }
    return statement;
  };
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** SQLITE_BUSY and its extended codes: another connection holds the lock this statement needs. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whose turn it is on one connection: a transaction holds it from BEGIN to COMMIT, and Kysely's
 * statements outside a transaction wait for it too (their driver takes it). Taking a free lock is
 * a call, not a promise: Kysely's own way to hold a connection for a transaction
 * (`connection().execute`) cost about fourteen promises a command (docs/performance.md, third round).
 */
class ConnectionLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Takes the lock if it is free. */
  tryTake(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Resolves once the lock is this caller's, in the order callers asked. */
  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lock to the next caller waiting, else frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** Kysely's SQLite driver, taking the connection's lock around each use of the connection outside a transaction. */
class LockingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly lock: ConnectionLock,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.take();
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    this.lock.release();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class LockingSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly lock: ConnectionLock,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return new LockingDriver(super.createDriver(), this.lock);
  }
}

interface Connection {
  database: SqliteDatabase.Database;
  /** Statements outside a transaction: each waits for the connection's lock. */
  db: Kysely<Database>;
  /** Statements of the transaction holding the lock (it takes no lock: the transaction has it). */
  held: Kysely<Database>;
  lock: ConnectionLock;
  direct: DirectStatements;
  begin: SqliteDatabase.Statement;
  commit: SqliteDatabase.Statement;
  rollback: SqliteDatabase.Statement;
}

function connectionOver(database: SqliteDatabase.Database, begin: string): Connection {
  const prepare = statementCache(database);
  const lock = new ConnectionLock();
  return {
    database,
    db: new Kysely<Database>({
      dialect: new LockingSqliteDialect({ database: { close: () => database.close(), prepare } as SqliteDialectConfig["database"] }, lock),
    }),
    // Closed with `db`, never on its own.
    held: new Kysely<Database>({ dialect: new SqliteDialect({ database: { close: () => undefined, prepare } as SqliteDialectConfig["database"] }) }),
    lock,
    // As Kysely's SQLite driver runs a statement: all rows of a reader, else run.
    direct: (text, values) => {
      const statement = prepare(text);
      if (statement.reader) return statement.all(values);
      statement.run(values);
      return [];
    },
    begin: database.prepare(begin),
    commit: database.prepare("commit"),
    rollback: database.prepare("rollback"),
  };
}

/**
 * Two connections per file, and no statement that waits (docs/decisions/0012).
 *
 * better-sqlite3 runs on the event loop's thread, so a statement that waits for a lock stops every
 * request of the process. Both connections run with busy_timeout 0: a lock held by another
 * process answers SQLITE_BUSY at once, and the transaction is tried again after a timer (a few
 * milliseconds, growing to 25), the loop serving other requests meanwhile, until the busy timeout
 * has passed since the call; then the error stands and the caller answers `unavailable`.
 *
 * - The writer runs write transactions (`BEGIN IMMEDIATE`: the write lock up front, so writers are
 *   serialised and never fail on a lock upgrade) and anything outside a transaction. The
 *   connection's lock (ConnectionLock) gives it to one transaction at a time, so a long import that
 *   yields to the event loop keeps other writes queued behind it, never inside it.
 * - The reader (read-only, WAL) runs read transactions and the store's reads outside them. In WAL
 *   mode a reader sees the last commit and never waits for a writer, so reads, /healthz and
 *   /readyz answer while a write waits or an import runs. `:memory:` is one database per
 *   connection, so there the writer serves reads too.
 *
 * Only a write transaction that has not begun is retried (the handler has not run); a read
 * transaction, which writes nothing, is retried whole.
 */
/** The writer connection's page cache, in KiB (SQLite's default): what a COMMIT writes at most. */
const WRITER_CACHE_KIB = 2000;
/**
 * The writer's page cache during a background batch (TransactionOptions.batch), in KiB. A rescoring
 * batch commits the pages its leads changed whatever the cache (about 4 MB for 4000 leads; its
 * slices give the loop turns in between), so the small cache bought it nothing and cost it: each batch
 * read its pages again (1.5 page reads a lead over a million leads, 0.4 with this cache) and, past
 * 2 MB of changes, wrote some twice (spilled, then committed). Any other transaction sets the cache
 * back to WRITER_CACHE_KIB first.
 */
const BATCH_CACHE_KIB = 8000;
/** How much of the file the reader maps (address space, not memory: pages are the OS's file cache). */
const READER_MMAP_BYTES = 2 ** 32;

export function openSqlite(path: string, options: { busyTimeoutMs?: number } = {}): DialectConnection {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
  const database = new SqliteDatabase(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 0");
  // Checkpoints move off this thread (checkpointer.ts): a commit never copies the WAL itself.
  database.pragma("wal_autocheckpoint = 0");
  // The WAL file starts over once a checkpoint has copied all of it back, but keeps its size:
  // after a million-row import (one transaction) it stayed over a gigabyte for the life of the
  // process, and the checkpointer, which asks for a checkpoint once the file passes a few
  // megabytes, asked after every commit from then on. With no size kept, the write that starts
  // the WAL over cuts the file to what it wrote, so the file's size says again how much is waiting.
  database.pragma("journal_size_limit = 0");
  // A transaction's changed pages wait in this connection's page cache and are written to the WAL
  // at COMMIT, all at once, on this thread — up to the cache size (16 MB as better-sqlite3 builds
  // SQLite): the commit of a 30,000-row import held the loop for 50 ms. With SQLite's own default
  // of 2 MB, pages past it spill to the WAL during the statements that changed them (between which
  // the import gives the loop turns), so a commit writes at most about 2 MB whatever the import's
  // size (docs/decisions/0012). Reads have a connection of their own, with the larger cache.
  if (path !== ":memory:") database.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  const checkpoints = path === ":memory:" ? null : new Checkpointer(path, () => database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`));
  const writer = connectionOver(database, "begin immediate");
  let writerCacheKiB = WRITER_CACHE_KIB;
  /** Sizes the writer's cache for the transaction about to begin (it holds the connection's lock). */
  const sizeWriterCache = (batch: boolean | undefined) => {
    const kib = batch ? BATCH_CACHE_KIB : WRITER_CACHE_KIB;
    if (path === ":memory:" || kib === writerCacheKiB) return;
    database.pragma(`cache_size = -${kib}`);
    writerCacheKiB = kib;
  };
  let reader: Connection | null = null;
  if (path !== ":memory:") {
    const readOnly = new SqliteDatabase(path, { readonly: true });
    readOnly.pragma("busy_timeout = 0");
    // Reads map the file instead of copying each page through a system call: a search reads a
    // few hundred rows scattered over a large file (about a quarter less time over 1M leads).
    readOnly.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
    reader = connectionOver(readOnly, "begin");
  }
  const writerRead = database.prepare("begin");
  const readerOrWriter = (): Connection => reader ?? { ...writer, begin: writerRead };

  let busyRetries = 0;
  // One async function for the tries and the transaction itself (its promise is the call's only one).
  const transaction: DialectConnection["transaction"] = async (mode, fn, options) => {
    const deadline = Date.now() + busyTimeoutMs;
    const conn = mode === "write" ? writer : readerOrWriter();
    for (let tries = 0; ; tries++) {
      // Set once BEGIN succeeded, after which a write is never retried.
      let began = false;
      try {
        if (!conn.lock.tryTake()) await conn.lock.take();
        try {
          if (conn === writer) sizeWriterCache(options?.batch);
          conn.begin.run();
          began = true;
          try {
            // The transaction holds the connection's lock, so its statements (Kysely's and direct) run on it alone.
            const result = await fn(conn.held, conn.direct);
            conn.commit.run();
            if (conn === writer) checkpoints?.afterCommit();
            return result;
          } catch (error) {
            if (conn.database.inTransaction) conn.rollback.run();
            throw error;
          }
        } finally {
          conn.lock.release();
        }
      } catch (error) {
        const left = deadline - Date.now();
        if (!isBusy(error) || (mode === "write" && began) || left <= 0) throw error;
        busyRetries++;
        await sleep(Math.min(2 ** tries, 25, left));
      }
    }
  };
  const dataVersion = database.prepare("pragma data_version").pluck();
  return {
    name: "sqlite",
    location: path,
    db: writer.db,
    reads: reader?.db ?? writer.db,
    transaction,
    externalChanges: () => dataVersion.get() as number,
    // No pool; the retries are the tries again of a transaction that met another process's lock.
    stats: () => ({ pool: null, transactionRetries: busyRetries }),
    // Kysely takes no migration lock on SQLite (one connection per process), so the server, the
    // CLI and MCP stdio starting at once on one file would each run the same migration. Running
    // the migrator inside one write transaction makes the others wait, then find nothing to do.
    withMigrationLock: (fn) => transaction("write", fn),
    close: async () => {
      await checkpoints?.close();
      await reader?.db.destroy();
      await writer.db.destroy();
    },
  };
}
