// Request counts per API key and minute, so replicas on one PostgreSQL database share one rate
// limit. Window starts are epoch milliseconds (bigint on PostgreSQL).
import type { Kysely, Migration } from "kysely";

export const rateLimitWindows: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("rate_limit_windows")
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("window_start", "bigint", (c) => c.notNull())
      .addColumn("hits", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("rate_limit_windows_pk", ["subject", "window_start"])
      .execute();
  },
};
