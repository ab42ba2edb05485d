// What each database dialect gives the store: a Kysely instance, where it lives, and how it runs a transaction.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export type DialectName = "sqlite" | "postgres";

export type TransactionMode = "read" | "write";

export interface TransactionOptions {
  /** Run `fn` once: do not retry a transaction that lost a race (its input is a stream). */
  once?: boolean;
  /**
   * Keep everything read unchanged until commit (PostgreSQL: SERIALIZABLE, a serialization failure
   * runs `fn` again). SQLite's write transactions are serial already.
   */
  serializable?: boolean;
  /**
   * A background batch that walks a large part of the database (rescoring): on SQLite the writer
   * gets a larger page cache for it, kept until a transaction without this begins.
   */
  batch?: boolean;
}

/** What the metrics report about the connection: its pool (PostgreSQL) and transactions run again after losing a race. */
export interface ConnectionStats {
  pool: { total: number; idle: number; waiting: number } | null;
  transactionRetries: number;
}

/**
 * Runs a compiled statement on the connection a transaction holds, without Kysely's executor: where
 * the driver answers at once (better-sqlite3 runs a statement as one synchronous call), Kysely's
 * layers cost more than the statement (about fifteen promises each). Rows for a statement that
 * returns rows, none for one that writes. Given to transactions on SQLite only.
 */
export type DirectStatements = (text: string, values: readonly unknown[]) => unknown[];

export interface DialectConnection {
  readonly name: DialectName;
  /** A file path, or a URL with its password removed. */
  readonly location: string;
  readonly db: Kysely<Database>;
  /** Reads outside a transaction: on SQLite a read-only connection of its own that never waits for a writer; else `db`. */
  readonly reads: Kysely<Database>;
  /**
   * Runs `fn` in one transaction; the Kysely it receives is bound to that transaction. A
   * transaction that lost a race to another process may run `fn` again unless `once` is set.
   */
  transaction<T>(
    mode: TransactionMode,
    fn: (db: Kysely<Database>, direct?: DirectStatements) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /**
   * A number that changes whenever another connection commits to the database (SQLite's
   * data_version), or whenever anyone changes API keys or permission rules (PostgreSQL's counter,
   * read from the database; it fails where the counter's migration has not run).
   */
  externalChanges?: () => number | Promise<number>;
  stats(): ConnectionStats;
  /** Runs the migrator so that processes starting at once migrate one after the other. */
  withMigrationLock<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Closes every connection. */
  close(): Promise<void>;
}
