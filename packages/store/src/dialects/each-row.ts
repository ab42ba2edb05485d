// SQLite: one single-row INSERT run once per row of a batch, in one call. A multi-row INSERT (or an
// INSERT … SELECT) that may fail on a constraint opens a statement journal: every page it changes
// is first copied aside so the statement alone can be undone, and every virtual table in the
// transaction is told of the savepoint — FTS5 then writes its pending terms to disk as a small
// segment, to be merged again later. A single-row INSERT needs neither, and better-sqlite3 runs a
// prepared one in about a microsecond, so a batch costs what the raw inserts of its rows cost
// (docs/performance.md, "Where the time goes in `import.csv`"). Written through the statement
// cache (sqlite.ts) so that it stays one Kysely query in the caller's transaction.
import type SqliteDatabase from "better-sqlite3";

/** Ends the text of a single-row INSERT whose parameters are many rows' values, one row after another. */
export const EACH_ROW = " /* each row */";

/** The statement Kysely's SQLite driver runs for an EACH_ROW text: the changes of every row, summed. */
export function eachRowStatement(
  statement: SqliteDatabase.Statement,
  text: string,
): { reader: false; run(params: readonly unknown[]): SqliteDatabase.RunResult } {
  const width = text.split("?").length - 1;
  return {
    reader: false,
    run(params) {
      if (width === 0 || params.length % width !== 0) throw new Error(`${params.length} values do not make rows of ${width}: ${text}`);
      const row = new Array<unknown>(width);
      let changes = 0;
      let lastInsertRowid: number | bigint = 0;
      for (let at = 0; at < params.length; at += width) {
        for (let i = 0; i < width; i++) row[i] = params[at + i];
        const result = statement.run(row);
        changes += result.changes;
        lastInsertRowid = result.lastInsertRowid;
      }
      return { changes, lastInsertRowid };
    },
  };
}
