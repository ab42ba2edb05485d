// SQLite: the FTS5 lead index keeps which column holds a word but not where in it (`detail=column`),
// and keeps prefix indexes for words of 1 to 12 characters instead of 2 and 3. lead.search matches
// each word as the start of a word (`"word"*`); FTS5 answers a prefix from a prefix index of that
// exact length as one ordered list it can walk and stop at the window, but for any other length it
// first merges every matching term's list in full: a common four-letter name, a ten-letter company
// word or a single digit over a million leads cost 10–25 ms before the first row. Positions were
// read only to check columns (no phrase or NEAR query is ever made); without them the index is
// about a fifth larger than before, not several times (docs/performance.md, "lead.search").
// PostgreSQL has nothing to change.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialects/types.js";

export function searchIndexPrefixes(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== "sqlite") return;
      await sql`drop table leads_fts`.execute(db);
      await sql`create virtual table leads_fts using fts5(
        full_name, first_name, last_name, company, job_title, headline,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6 7 8 9 10 11 12', detail = column, content = '', contentless_delete = 1)`.execute(
        db,
      );
      await sql`insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline)
        select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline
        from lead_search_docs d join leads l on l.id = d.lead_id`.execute(db);
    },
  };
}
