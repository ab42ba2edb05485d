// Cursor pagination shared by every list: newest first by id (ids sort by creation time), the
// cursor an opaque base64url of the last id seen.
import { sql, type SelectQueryBuilder } from "kysely";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, "utf8").toString("base64url");
}

/** Undefined when the cursor was not made by encodeCursor; callers report it as invalid input. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^[a-z]+_[0-9A-Za-z]+$/.test(id) ? id : undefined;
}

/** A page from `limit + 1` rows: the extra row only says whether another page follows. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** Runs `query` for one page, newest first on `column` (the row's id unless the query joins). */
export async function newestFirst<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  column = "id",
): Promise<Page<O>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const filtered = after === undefined ? query : query.where(sql.ref(column), "<", after);
  return pageOf(
    await filtered
      .orderBy(sql.ref(column), "desc")
      .limit(page.limit + 1)
      .execute(),
    page.limit,
  );
}
