// Bulk INSERTs for imports, written as SQL text with parameters. Kysely builds a syntax node per
// bound value, which doubled the cost of a 500-row insert; this is the same statement, built
// directly. The placeholder style ("?" or "$n") is read from the dialect's own compiler, and tells
// the dialects apart: PostgreSQL gets multi-row statements (one round trip for many rows), SQLite
// one single-row statement run once per row in the same call (dialects/each-row.ts: no statement
// journal, and the search index keeps its pending terms).
import { CompiledQuery, sql, type Kysely } from "kysely";
import { EACH_ROW } from "../dialects/each-row.js";
import type { Database } from "../schema.js";

/** SQLite accepts 32,766 bound values a statement, PostgreSQL 65,535; stay below both. */
const MAX_BOUND_VALUES = 30_000;
const MAX_ROWS = 500;

export interface BulkInsertOptions {
  /** Leave rows out whose key exists already (`on conflict (…) do nothing`, SQLite and PostgreSQL alike). */
  ignoreConflictOn?: readonly string[];
  /**
   * Columns whose default is NULL: one that no row of a statement has a value for is left out of
   * it, so a CSV of eight columns binds eight values a row instead of the table's thirty-three.
   */
  omitWhenAbsent?: ReadonlySet<string>;
}

/** The columns a chunk needs: all but the omittable ones that every row leaves empty. */
function presentColumns(columns: readonly string[], rows: readonly object[], omittable: ReadonlySet<string> | undefined): readonly string[] {
  if (!omittable) return columns;
  return columns.filter((column) => !omittable.has(column) || rows.some((row) => (row as Record<string, unknown>)[column] != null));
}

function placeholders(db: Kysely<Database>): (index: number) => string {
  const numbered = sql`${0}`.compile(db).sql !== "?";
  return numbered ? (index) => `$${index}` : () => "?";
}

/** The statement text for `count` rows; the same text each time, so the prepared statement is reused. */
function statementText(table: string, columns: readonly string[], count: number, placeholder: (index: number) => string, conflict: string): string {
  const tuples: string[] = [];
  for (let row = 0; row < count; row++) {
    const marks: string[] = [];
    for (let column = 1; column <= columns.length; column++) marks.push(placeholder(row * columns.length + column));
    tuples.push(`(${marks.join(", ")})`);
  }
  return `insert into ${table} (${columns.join(", ")}) values ${tuples.join(", ")}${conflict}`;
}

const texts = new Map<string, string>();

/**
 * Full statements of `perStatement` rows, then the rest in powers of two: each row count is its
 * own prepared statement (a big one), so a long import uses at most ten shapes per table instead
 * of preparing and caching one per batch size.
 */
function statementSizes(total: number, perStatement: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (; total - start >= perStatement; start += perStatement) out.push([start, perStatement]);
  for (let size = 256; size >= 1; size /= 2) {
    if (total - start >= size) {
      out.push([start, size]);
      start += size;
    }
  }
  return out;
}

/** Inserts `rows` (objects with every column of `columns`) in as few statements as allowed; returns rows inserted. */
export async function bulkInsert<T extends object>(
  db: Kysely<Database>,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  options: BulkInsertOptions = {},
): Promise<number> {
  const placeholder = placeholders(db);
  // SQLite: chunks of MAX_ROWS rows, each chunk one call of a single-row statement run once per row;
  // PostgreSQL: multi-row statements within the bound-value limit.
  const eachRow = placeholder(1) === "?";
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_BOUND_VALUES / columns.length)));
  const chunks: [number, number][] = [];
  if (eachRow) for (let start = 0; start < rows.length; start += MAX_ROWS) chunks.push([start, Math.min(MAX_ROWS, rows.length - start)]);
  else chunks.push(...statementSizes(rows.length, perStatement));
  const conflict = options.ignoreConflictOn ? ` on conflict (${options.ignoreConflictOn.join(", ")}) do nothing` : "";
  let inserted = 0;
  for (const [start, size] of chunks) {
    const chunk = rows.slice(start, start + size);
    const present = presentColumns(columns, chunk, options.omitWhenAbsent);
    const rowsInText = eachRow ? 1 : chunk.length;
    const cacheKey = `${placeholder(1)} ${table} ${present.join()} ${rowsInText} ${conflict}`;
    let text = texts.get(cacheKey);
    if (text === undefined) {
      text = statementText(table, present, rowsInText, placeholder, conflict) + (eachRow ? EACH_ROW : "");
      if (texts.size > 200) texts.clear();
      texts.set(cacheKey, text);
    }
    const params = new Array<unknown>(chunk.length * present.length);
    let i = 0;
    for (const row of chunk) for (const column of present) params[i++] = (row as Record<string, unknown>)[column] ?? null;
    const result = await db.executeQuery(CompiledQuery.raw(text, params));
    inserted += Number(result.numAffectedRows ?? 0n);
  }
  return inserted;
}
