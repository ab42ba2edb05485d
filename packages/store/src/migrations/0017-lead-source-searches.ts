// Searches a webhook lead source accepted with 202 and the pages it posted back, in the database so
// that a callback reaching any replica completes the search another replica is waiting for
// (docs/lead-sources.md). A page is identified by its bytes: posting it again changes nothing.
import type { Kysely, Migration } from "kysely";

export const leadSourceSearches: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("lead_source_searches")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("lead_source_searches_by_expiry").on("lead_source_searches").columns(["expires_at"]).execute();
    await db.schema
      .createTable("lead_source_pages")
      .addColumn("search_id", "text", (c) => c.notNull())
      .addColumn("digest", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("people_json", "text", (c) => c.notNull())
      .addColumn("more", "integer", (c) => c.notNull())
      .addColumn("error", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("lead_source_pages_pk", ["search_id", "digest"])
      .execute();
  },
};
