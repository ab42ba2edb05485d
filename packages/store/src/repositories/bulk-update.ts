// Multi-row UPDATEs for scoring: one statement sets a batch of rows from a VALUES list
// (`with v(…) as (values …) update t set … from v where …`, SQLite ≥ 3.33 and PostgreSQL alike).
// PostgreSQL: every value is cast so it knows the types of the bound parameters. SQLite: no cast,
// which is not only unneeded but harmful: with `cast(? as …)` in the VALUES list its planner scans
// the whole table and probes an automatic index on the list (about 6k rows/s on a 100k-link
// mission) instead of looking each row up by its key (about 160k rows/s).
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface BulkUpdateShape {
  table: string;
  /** Columns that find the row, then columns set; each with the SQL type its values are cast to. */
  keys: readonly (readonly [string, string])[];
  set: readonly (readonly [string, string])[];
}

const ROWS_PER_STATEMENT = 256;
const texts = new Map<string, string>();

export function statementText(shape: BulkUpdateShape, count: number, numbered: boolean): string {
  const columns = [...shape.keys, ...shape.set];
  let index = 0;
  const tuples: string[] = [];
  for (let row = 0; row < count; row++) {
    tuples.push(`(${columns.map(([, type]) => (numbered ? `cast($${++index} as ${type})` : "?")).join(", ")})`);
  }
  const names = columns.map(([name]) => name).join(", ");
  const set = shape.set.map(([name]) => `${name} = v.${name}`).join(", ");
  const where = shape.keys.map(([name]) => `${shape.table}.${name} = v.${name}`).join(" and ");
  return `with v(${names}) as (values ${tuples.join(", ")}) update ${shape.table} set ${set} from v where ${where}`;
}

/** Sets each row's columns from `rows` (objects holding every key and set column); rows not found are left alone. */
export async function bulkUpdate(db: Kysely<Database>, shape: BulkUpdateShape, rows: readonly Record<string, unknown>[]): Promise<void> {
  const numbered = sql`${0}`.compile(db).sql !== "?";
  const columns = [...shape.keys, ...shape.set].map(([name]) => name);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    // Full statements, then one per remaining power of two: few statement shapes to prepare.
    let offset = 0;
    while (offset < chunk.length) {
      let size = ROWS_PER_STATEMENT;
      while (size > chunk.length - offset) size /= 2;
      const part = chunk.slice(offset, offset + size);
      offset += size;
      const key = `${numbered} ${shape.table} ${columns.join()} ${size}`;
      let text = texts.get(key);
      if (text === undefined) {
        text = statementText(shape, size, numbered);
        if (texts.size > 100) texts.clear();
        texts.set(key, text);
      }
      const params: unknown[] = [];
      for (const row of part) for (const column of columns) params.push(row[column] ?? null);
      await db.executeQuery(CompiledQuery.raw(text, params));
    }
  }
}
