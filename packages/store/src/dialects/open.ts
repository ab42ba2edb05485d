// Picks the dialect a database URL names: postgres:// or postgresql:// → PostgreSQL, a path → SQLite.
import { openPostgres, isPostgresUrl } from "./postgres.js";
import { openSqlite, sqlitePath } from "./sqlite.js";
import type { DialectConnection } from "./types.js";

export interface DialectOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite busy timeout in milliseconds (default 5000). */
  sqliteBusyTimeoutMs?: number;
}

export function openDialect(url: string, options: DialectOptions = {}): DialectConnection {
  if (isPostgresUrl(url)) return openPostgres(url, redactUrl(url), options.poolSize);
  const path = sqlitePath(url);
  if (path === undefined) {
    throw new Error(`unsupported database URL ${redactUrl(url)}: use a file path, sqlite:<path>, or postgres://user:password@host:port/database`);
  }
  return openSqlite(path, { busyTimeoutMs: options.sqliteBusyTimeoutMs });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
