// SQLite: the FTS5 lead index stops keeping its own copy of the six searched columns. Nothing
// reads them back from the index (lead.search joins leads for the rows; bm25 needs only the
// index), and writing that copy was about a quarter of the index's cost on a large import.
// `contentless_delete=1` keeps DELETE and whole-row UPDATE by rowid working, which the delete
// trigger and LeadRepository's reindexing use. PostgreSQL has nothing to change.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialects/types.js";

export function contentlessSearchIndex(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== "sqlite") return;
      await sql`drop table leads_fts`.execute(db);
      await sql`create virtual table leads_fts using fts5(
        full_name, first_name, last_name, company, job_title, headline,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', content = '', contentless_delete = 1)`.execute(db);
      await sql`insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
        select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline
        from lead_search_docs d join leads l on l.id = d.lead_id`.execute(db);
    },
  };
}
