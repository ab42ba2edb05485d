// SQLite: the FTS5 lead index gathers at most 256 KB of new terms in memory before writing them as
// a segment (its `hashsize`, 1 MB by default). An import writes new leads' words row by row and
// FTS5 writes its pending terms whenever they outgrow that size, inside whichever statement added
// the last word, and the rest at COMMIT: with 1 MB and twelve prefix indexes, one such write held
// the event loop for 20–30 ms and the commit of a large import for about 95 ms, against the 4 ms
// slices imports give the loop (docs/decisions/0012). A quarter of that bounds each write to a few
// milliseconds, for a few more segments to merge. The setting lives in the index's own config table,
// so every connection and process uses it. PostgreSQL has nothing to change.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialects/types.js";

/** The most new terms FTS5 keeps in memory before writing a segment, in bytes. */
const PENDING_TERMS_BYTES = 262_144;

export function searchIndexPendingTerms(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== "sqlite") return;
      await sql`insert into leads_fts (leads_fts, rank) values ('hashsize', ${sql.lit(PENDING_TERMS_BYTES)})`.execute(db);
    },
  };
}
