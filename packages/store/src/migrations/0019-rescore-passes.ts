// Which pass a rescoring job is in (docs/scoring.md, "Rescoring in the background"). The first pass
// of a workspace-wide job reads its leads as one plain range after the cursor; the pass that looks
// again from the start for mission leads left under another version finds the few there are by
// their version first. The cursor alone cannot say which pass a job is in (both start from the
// first lead), so the job row keeps it. Jobs queued before this migration start in pass 1, which
// is always safe: a pass 1 ends in a pass 2.
import type { Kysely, Migration } from "kysely";

export const rescorePasses: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable("scoring_jobs")
      .addColumn("pass", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
