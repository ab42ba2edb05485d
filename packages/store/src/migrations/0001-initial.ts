// The first schema: workspaces, API keys, offers, missions, imports, leads and mission links.
import type { Kysely, Migration } from "kysely";

export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("workspaces")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("display_prefix", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_used_at", "text")
      .addColumn("revoked_at", "text")
      .execute();
    await db.schema
      .createTable("offers")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("one_liner", "text", (c) => c.notNull())
      .addColumn("value_proposition", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("landing_page_url", "text")
      .addColumn("sales_brief_url", "text")
      .addColumn("is_draft", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_used_at", "text")
      .addColumn("references_json", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("offers_workspace_id").on("offers").columns(["workspace_id", "id"]).execute();
    await db.schema
      .createTable("missions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("name_search", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("target_audience", "text")
      .addColumn("desired_action", "text")
      .addColumn("cta_url", "text")
      .addColumn("tone_instructions", "text")
      .addColumn("example_messages_json", "text", (c) => c.notNull())
      .addColumn("offer_id", "text", (c) => c.references("offers.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("missions_workspace_id").on("missions").columns(["workspace_id", "id"]).execute();
    await db.schema.createIndex("missions_offer_id").on("missions").column("offer_id").execute();
    await db.schema
      .createTable("imports")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("mission_id", "text", (c) => c.notNull().references("missions.id"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("source_url", "text")
      .addColumn("context", "text")
      .addColumn("metadata_json", "text", (c) => c.notNull())
      .addColumn("created_count", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("skipped_count", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("invalid_count", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("updated_count", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("imports_mission_id").on("imports").columns(["mission_id", "id"]).execute();
    await db.schema
      .createTable("leads")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("first_name", "text")
      .addColumn("last_name", "text")
      .addColumn("full_name", "text")
      .addColumn("email", "text")
      .addColumn("linkedin_url", "text")
      .addColumn("company", "text")
      .addColumn("job_title", "text")
      .addColumn("headline", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("leads_workspace_id").on("leads").columns(["workspace_id", "id"]).execute();
    await db.schema
      .createTable("mission_leads")
      .addColumn("mission_id", "text", (c) => c.notNull().references("missions.id"))
      .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
      .addColumn("import_id", "text", (c) => c.references("imports.id"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("mission_leads_pk", ["mission_id", "lead_id"])
      .execute();
    await db.schema.createIndex("mission_leads_lead_id").on("mission_leads").column("lead_id").execute();
  },
};
