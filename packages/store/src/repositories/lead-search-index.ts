// SQLite only: LeadRepository keeps the FTS5 lead search index (migrations 0002 and 0005) current with
// these writes. PostgreSQL derives its tsvector itself. (Written from triggers, FTS5 flushed its
// pending terms once per row and imports ran four times slower.)
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { inLists } from "./in-lists.js";

const SEARCH_COLUMNS = ["full_name", "first_name", "last_name", "company", "job_title", "headline"] as const;

/** True when a change to these columns must reach the search index. */
export function touchesSearch(columns: readonly string[]): boolean {
  return columns.some((c) => (SEARCH_COLUMNS as readonly string[]).includes(c));
}

/** Adds new leads to the index, a few statements for the whole list. */
export async function indexNewLeads(db: Kysely<Database>, leadIds: readonly string[]): Promise<void> {
  if (leadIds.length === 0) return;
  await bulkInsert(
    db,
    "lead_search_docs",
    ["lead_id"],
    leadIds.map((id) => ({ lead_id: id })),
  );
  for (const list of inLists(leadIds)) {
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
      select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline
      from lead_search_docs d join leads l on l.id = d.lead_id where d.lead_id in (${list.map(() => "?").join(", ")})`,
        list,
      ),
    );
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
  const missing = await sql<{ id: string }>`select id from leads where id not in (select lead_id from lead_search_docs)`.execute(db);
  const ids = missing.rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) await indexNewLeads(db, ids.slice(i, i + 500));
  return ids.length;
}
