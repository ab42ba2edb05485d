// The server dialect: PostgreSQL through a pg Pool, for several server replicas on one database.
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { sharedReads } from "../access-cache.js";
import type { Database } from "../schema.js";
import { HELD_MARK } from "./held-writes.js";
import { Pipeline, type PipelinedStatement } from "./pipeline.js";
import type { DialectConnection, TransactionMode, TransactionOptions } from "./types.js";

const DEFAULT_POOL_SIZE = 10;
const INT8_OID = 20;

/**
 * A transaction that lost a race is run again from the start, where it sees the winner's row:
 * a unique violation (two replicas inserting the same import source, lead key or workspace),
 * a serialization failure or a deadlock — or a prepared statement whose table another process
 * migrated meanwhile (see namedStatements). Read committed plus these retries gives every handler
 * the outcome it would have had if the two requests had come one after the other.
 */
const RETRIED_CODES = new Set(["23505", "40001", "40P01", "0A000"]);
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

/** Distinct statement texts given a name (prepared once per connection); past it, texts run unnamed. */
const MAX_NAMED_STATEMENTS = 2000;
/** Statements with more values than this (bulk inserts, long `in` lists) vary in text: they run unnamed. */
const MAX_NAMED_VALUES = 32;
/** PostgreSQL's answer when a table a prepared `select *` reads changed shape (a migration by another process). */
const PLAN_CHANGED = "0A000";
/** Marks a pooled client whose `query` is already wrapped. */
const PATCHED = Symbol("named statements");

/** Transaction control as Kysely sends it. */
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const COMMIT = /^\s*commit\s*$/i;
const ROLLBACK = /^\s*rollback\s*$/i;

type Answer = { command: string | undefined; rowCount: number | null; rows: unknown[] };
const answered = (command: string | undefined): Promise<Answer> => Promise.resolve({ command, rowCount: null, rows: [] });

/** What a connection has been asked to send but holds until its transaction's next statement or COMMIT. */
interface Held {
  /** A `begin` not sent yet. */
  begin: string | null;
  /** Writes whose answer nobody reads (HELD_MARK), in order. */
  writes: PipelinedStatement[];
  /** The transaction was one implicit block that failed: PostgreSQL rolled it back already. */
  ended: boolean;
}

/** A plain `begin`: the default isolation level, read-write — what an implicit transaction block is too. */
const PLAIN_BEGIN = /^\s*begin\s*$/i;

/**
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it on every call. Like the
 * SQLite dialect's statement cache, statements are named by their SQL text here: a connection
 * parses each once and then only binds and executes it (docs/decisions/0020). DDL, transaction
 * control sent alone and statements whose text varies with their values stay unnamed.
 *
 * And a transaction's `begin` is not a round trip of its own: it is sent with the transaction's
 * first statement, before one Sync; a write marked HELD_MARK goes out with the next statement or
 * with the `commit`; a transaction that sent nothing sends neither `begin` nor `commit`
 * (docs/decisions/0022).
 */
/** A statement worth naming: a query or write, after any leading comments (such as ARRAY_ROWS). */
const STATEMENT = /^\s*(?:\/\*.*?\*\/\s*)*(select|insert|update|delete|with)\b/is;

function namedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  let next = 0;
  /** `control`: a `begin` or `commit` of a pipeline, which PostgreSQL prepares like any statement sent with Parse. */
  const nameOf = (text: string, values: readonly unknown[], control = false): string | undefined => {
    if (!control && (values.length > MAX_NAMED_VALUES || !STATEMENT.test(text))) return undefined;
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
      name = `st${next++}`;
      names.set(text, name);
    }
    return name;
  };
  const forget = (text: string, name: string | undefined) => {
    if (name !== undefined && names.get(text) === name) names.delete(text);
  };
  const held = new WeakMap<pg.PoolClient, Held>();
  const patch = (client: pg.PoolClient): PostgresPoolClient => {
    // A connection comes back from the pool with nothing held: what a transaction that never ended held was never sent.
    held.set(client, { begin: null, writes: [], ended: false });
    if ((client as unknown as { [PATCHED]?: true })[PATCHED]) return client as unknown as PostgresPoolClient;
    (client as unknown as { [PATCHED]?: true })[PATCHED] = true;
    const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<Answer>;
    const status = () => (client as unknown as { getTransactionStatus(): string | null }).getTransactionStatus();
    /** Sends what is held and then `last` (if any), before one Sync; the answer is the last statement's. */
    const pipelined = (state: Held, last?: PipelinedStatement): Promise<Answer> => {
      const begin = state.begin === null ? [] : [{ text: state.begin, values: [], name: nameOf(state.begin, [], true) }];
      const statements = [...begin, ...state.writes, ...(last ? [last] : [])];
      state.begin = null;
      state.writes = [];
      const pipeline = new Pipeline(statements, types);
      void query(pipeline);
      return pipeline.done.catch((error: unknown) => {
        // A table changed under a prepared statement: prepared again under a new name when the transaction runs again.
        if ((error as { code?: unknown } | null)?.code === PLAN_CHANGED && pipeline.failed) forget(pipeline.failed.text, pipeline.failed.name);
        throw error;
      }) as Promise<Answer>;
    };
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown): unknown => {
      if (typeof text !== "string" || !Array.isArray(values)) return query(text, values);
      const state = held.get(client)!;
      const holding = state.begin !== null || state.writes.length > 0;
      if (BEGIN.test(text) && !holding && status() === "I") {
        state.begin = text;
        state.ended = false;
        return answered("BEGIN");
      }
      if (COMMIT.test(text) && holding) {
        // Nothing was sent: there is nothing to commit.
        if (state.writes.length === 0) {
          state.begin = null;
          return answered("COMMIT");
        }
        if (state.begin !== null && PLAIN_BEGIN.test(state.begin)) {
          // The whole transaction is held writes: sent without `begin` and `commit`, before one Sync,
          // PostgreSQL runs them as one implicit transaction — committed at the Sync if every one
          // succeeds, rolled back whole at the first error (docs/decisions/0022).
          state.begin = null;
          return pipelined(state).then(
            () => ({ command: "COMMIT", rowCount: null, rows: [] }),
            (error: unknown) => {
              state.ended = true;
              throw error;
            },
          );
        }
        return pipelined(state, { text, values: [], name: nameOf(text, [], true) });
      }
      if (ROLLBACK.test(text) && state.ended && !holding) {
        state.ended = false;
        return answered("ROLLBACK");
      }
      if (ROLLBACK.test(text) && holding) {
        const sent = state.begin === null;
        state.begin = null;
        state.writes = [];
        // Held writes were never sent; a transaction whose `begin` was not sent has nothing to roll back.
        if (!sent) return answered("ROLLBACK");
        return query(text, values);
      }
      const name = nameOf(text, values);
      const inTransaction = state.begin !== null || status() !== "I";
      if (inTransaction && text.endsWith(HELD_MARK)) {
        state.writes.push({ text, values, name });
        return answered(undefined);
      }
      // Statements pg would send with the simple protocol (no values, not named: DDL, several
      // statements in one text) cannot be pipelined: what is held goes first, on its own.
      if (holding && name === undefined && values.length === 0) {
        return pipelined(state).then(() => query(text, values));
      }
      if (holding) return pipelined(state, { text, values, name });
      if (name === undefined) return query(text, values);
      // Outside a transaction (ReadyForQuery said idle) a failed statement changed nothing and is sent again.
      const alone = status() === "I";
      return query({ name, text, values }).catch((error: unknown) => {
        if ((error as { code?: unknown } | null)?.code !== PLAN_CHANGED) throw error;
        // A table changed under the prepared statement (another process migrated it): the text is
        // prepared again under a new name; a transaction runs again whole (PLAN_CHANGED is retried).
        forget(text, name);
        if (!alone) throw error;
        const again = nameOf(text, values);
        return again === undefined ? query(text, values) : query({ name: again, text, values });
      });
    };
    return client as unknown as PostgresPoolClient;
  };
  return {
    connect: async () => patch(await pool.connect()),
    end: () => pool.end(),
  };
}

/**
 * Reads of the key and rule change counter (migration 0016-access-changes) on a connection of their
 * own: a lookup inside a transaction must not wait for a pooled connection that the transactions
 * waiting on it hold. A broken connection is opened again by the next read.
 */
function accessVersionReader(url: string): { read: () => Promise<number>; close: () => Promise<void> } {
  let client: pg.Client | null = null;
  let opening: Promise<pg.Client> | null = null;
  let closed = false;
  const open = (): Promise<pg.Client> => {
    opening ??= (async () => {
      const fresh = new pg.Client({ connectionString: url, application_name: "salestouch", connectionTimeoutMillis: 10_000 });
      fresh.on("error", () => {
        if (client === fresh) client = null;
        void fresh.end().catch(() => undefined);
      });
      await fresh.connect();
      client = fresh;
      return fresh;
    })().finally(() => {
      opening = null;
    });
    return opening;
  };
  return {
    read: async () => {
      if (closed) throw new Error("the store is closed");
      const connection = client ?? (await open());
      try {
        const { rows } = await connection.query<{ version: string | number }>({
          name: "access_version",
          text: "select version from access_changes where id = 1",
        });
        return Number(rows[0]!.version);
      } catch (error) {
        // A connection that failed mid-query is not trusted again.
        if (client === connection) client = null;
        void connection.end().catch(() => undefined);
        throw error;
      }
    },
    close: async () => {
      closed = true;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

export function openPostgres(url: string, location: string, poolSize: number = DEFAULT_POOL_SIZE): DialectConnection {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, application_name: "salestouch", connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool discards it and the next query opens a new one or reports `unavailable`.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatements(pool) }) });
  const counters = { retries: 0 };
  const access = accessVersionReader(url);
  return {
    name: "postgres",
    location,
    db,
    reads: db,
    transaction: (mode, fn, options) => retried(db, mode, fn, options, counters),
    externalChanges: sharedReads(access.read),
    stats: () => ({ pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }, transactionRetries: counters.retries }),
    // Kysely's migrator holds a session advisory lock on PostgreSQL while it migrates.
    withMigrationLock: (fn) => fn(db),
    close: async () => {
      await access.close();
      await db.destroy();
    },
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
  // A read transaction at READ COMMITTED sees what each of its statements' own snapshot sees, as
  // statements outside a transaction do: its reads run on one connection without BEGIN and COMMIT,
  // two round trips fewer (docs/decisions/0020). Serializable reads and one-off runs keep them.
  const bare = mode === "read" && !options.serializable && !options.once;
  for (let attempt = 1; ; attempt++) {
    try {
      if (bare) return await db.connection().execute(fn);
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
