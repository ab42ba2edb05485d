// Browser sessions of the web console and its one-time sign-in links, in the database so every
// replica honours a session another one opened. Each row belongs to an API key: revoking the key
// ends its sessions. Only a hash of the token the browser holds is stored.
import type { Kysely, Migration } from "kysely";

export const consoleSessions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("console_sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("key_id", "text", (c) => c.notNull().references("api_keys.id"))
      .addColumn("csrf_token", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("ended_at", "text")
      .execute();
    await db.schema.createIndex("console_sessions_by_key").on("console_sessions").columns(["key_id"]).execute();
    await db.schema.createIndex("console_sessions_by_expiry").on("console_sessions").columns(["expires_at"]).execute();
  },
};
