// Statements the busiest commands run on every call, compiled once per dialect: building and
// compiling a Kysely query cost more than SQLite running it, and within a SQLite transaction they
// run on its connection directly, without Kysely's executor (docs/performance.md, third round).
import { CompiledQuery, type Compilable, type Insertable, type Kysely } from "kysely";
import { HELD_MARK } from "../dialects/held-writes.js";
import type { DialectName, DirectStatements } from "../dialects/types.js";
import type { Database } from "../schema.js";

/** Where a repository's statements run: Kysely, and within a SQLite transaction its connection directly. */
export interface Runner {
  db: Kysely<Database>;
  dialect: DialectName;
  direct: DirectStatements | undefined;
}

/** The rows: at once within a SQLite transaction (no promise), else through Kysely. */
function run<Row>({ db, direct }: Runner, text: string, values: readonly unknown[]): Row[] | Promise<Row[]> {
  if (direct) return direct(text, values) as Row[];
  return db.executeQuery<Row>(CompiledQuery.raw(text, [...values])).then((result) => result.rows);
}

/** A statement whose SQL is built once per dialect; `build` binds its values in the order the caller passes them. */
export function compiledOnce<Row>(
  build: (db: Kysely<Database>, dialect: DialectName) => Compilable<Row>,
): (on: Runner, values: readonly unknown[]) => Row[] | Promise<Row[]> {
  const texts = new Map<DialectName, string>();
  return (on, values) => {
    let text = texts.get(on.dialect);
    if (text === undefined) {
      text = build(on.db, on.dialect).compile().sql;
      texts.set(on.dialect, text);
    }
    return run<Row>(on, text, values);
  };
}

/**
 * An insert of one row into `table`, its SQL built once per dialect and set of columns: the row's
 * defined members, as Kysely's `values` leaves out an undefined one. `held`: its text ends with
 * HELD_MARK, so that inside a PostgreSQL transaction it goes out with the next statement or the
 * commit (held-writes.ts) — only for an insert whose caller reads no answer and catches no error.
 */
export function compiledInsert<T extends keyof Database>(
  table: T,
  options: { held?: boolean } = {},
): (on: Runner, row: Insertable<Database[T]>) => Promise<void> {
  const texts = new Map<string, string>();
  return async (on, row) => {
    const columns = Object.keys(row).filter((column) => (row as Record<string, unknown>)[column] !== undefined);
    const key = `${on.dialect} ${columns.join(",")}`;
    let text = texts.get(key);
    if (text === undefined) {
      const template = Object.fromEntries(columns.map((column) => [column, null]));
      text = on.db
        .insertInto(table)
        .values(template as never)
        .compile().sql;
      if (options.held) text += ` ${HELD_MARK}`;
      texts.set(key, text);
    }
    await run(
      on,
      text,
      columns.map((column) => (row as Record<string, unknown>)[column]),
    );
  };
}
