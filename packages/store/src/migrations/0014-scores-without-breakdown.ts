// A mission lead's score is stored with the profile version that produced it, no longer with its
// breakdown: a version never changes and the score is a pure function of the lead, the mission's
// offer, the import and the version, so lead.get computes the breakdown again when it explains a
// score (docs/decisions/0018-scores-explained-at-read-time.md). The breakdown text was about a
// third of a scored link's row and most of what rescoring wrote.
import type { Kysely, Migration } from "kysely";

export const scoresWithoutBreakdown: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("mission_leads").dropColumn("score_breakdown").execute();
  },
};
