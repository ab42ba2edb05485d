// The leads an import creates are read from their mission links (mission_leads.import_id) instead
// of an import_leads row each, which was a row and two index entries a lead on top of the link.
// The import keeps the first and last id it created: lead ids rise with time, so its created leads
// are the links of its mission in that id range that carry its id — a range of the links' primary
// key, no new index. import_leads keeps the existing leads an import matched (updated or skipped),
// and the created rows of imports made before this migration, which have no range.
import type { Kysely, Migration } from "kysely";

export const createdLeadsByLink: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("imports").addColumn("created_leads_from", "text").execute();
    await db.schema.alterTable("imports").addColumn("created_leads_to", "text").execute();
  },
};
