// PostgreSQL: the leads' score index in the order lead.search sorts by (highest first, unknown
// scores last). A B-tree read backwards gives "desc nulls first", so "score desc nulls last"
// could not walk `leads_score` and sorted every lead above min_score instead: "top scores in a
// mission" over 1M leads took about half a second (docs/performance.md). SQLite sorts NULL below
// every number, so its backward walk already gives that order; it has nothing to change.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialects/types.js";

export function postgresScoreOrder(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== "postgres") return;
      await sql`create index leads_score_order on leads (workspace_id, score desc nulls last, id desc)`.execute(db);
    },
  };
}
