// SQLite only: LeadRepository keeps the FTS5 lead search index (migrations 0002 and 0005) current with
// these writes. PostgreSQL derives its tsvector itself. (Written from triggers, FTS5 flushed its
// pending terms once per row and imports ran four times slower.)
import { CompiledQuery, sql, type Kysely } from "kysely";
import { EACH_ROW } from "../dialects/each-row.js";
import type { Database } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { chunks } from "./in-lists.js";

const SEARCH_COLUMNS = ["full_name", "first_name", "last_name", "company", "job_title", "headline"] as const;

/** True when a change to these columns must reach the search index. */
export function touchesSearch(columns: readonly string[]): boolean {
  return columns.some((c) => (SEARCH_COLUMNS as readonly string[]).includes(c));
}

/** A lead's id and the columns the index holds (absent: NULL). */
export type SearchRow = { id: string } & { [column in (typeof SEARCH_COLUMNS)[number]]?: string | null };

/** Each lead's document: its doc id (by lead id) and the searched columns, as values of the row in memory. */
const INDEX_ROW = `insert into leads_fts (rowid, ${SEARCH_COLUMNS.join(", ")})
  values ((select doc_id from lead_search_docs where lead_id = ?), ${SEARCH_COLUMNS.map(() => "?").join(", ")})${EACH_ROW}`;

/**
 * Adds new leads to the index: a document id each, then their words, each a single-row statement
 * run once per lead in one call (dialects/each-row.ts). An INSERT … SELECT of the batch would open
 * a savepoint, and FTS5 writes its pending terms out as a segment at every savepoint: written row by
 * row, the terms of thousands of leads gather in memory and reach the disk as few, larger segments.
 */
export async function indexNewLeads(db: Kysely<Database>, leads: readonly SearchRow[]): Promise<void> {
  if (leads.length === 0) return;
  await bulkInsert(
    db,
    "lead_search_docs",
    ["lead_id"],
    leads.map((lead) => ({ lead_id: lead.id })),
  );
  for (const chunk of chunks(leads, 500)) {
    const params = new Array<unknown>(chunk.length * (SEARCH_COLUMNS.length + 1));
    let i = 0;
    for (const lead of chunk) {
      params[i++] = lead.id;
      for (const column of SEARCH_COLUMNS) params[i++] = lead[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(INDEX_ROW, params));
  }
}

/** Rewrites one lead's FTS5 entry after its searchable columns changed. */
export async function reindexLead(db: Kysely<Database>, leadId: string): Promise<void> {
  await sql`update leads_fts set (full_name, first_name, last_name, company, job_title, headline) =
    (select full_name, first_name, last_name, company, job_title, headline from leads where id = ${leadId})
    where rowid = (select doc_id from lead_search_docs where lead_id = ${leadId})`.execute(db);
}

/** Indexes every lead the FTS5 index lacks (after rows were copied in, e.g. by `db import`); returns how many. */
export async function indexUnindexedLeads(db: Kysely<Database>): Promise<number> {
  const missing = await sql<SearchRow>`select id, ${sql.raw(SEARCH_COLUMNS.join(", "))} from leads
    where id not in (select lead_id from lead_search_docs)`.execute(db);
  for (const chunk of chunks(missing.rows, 500)) await indexNewLeads(db, chunk);
  return missing.rows.length;
}
