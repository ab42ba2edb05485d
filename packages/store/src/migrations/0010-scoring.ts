// Lead scoring (docs/scoring.md): versioned profiles, one active per workspace; feedback kept for a
// person; a score per lead in a mission with the version that produced it and its breakdown; the
// signals an import carries; background rescoring jobs with a cursor that commits with each batch.
import { sql, type Kysely, type Migration } from "kysely";

async function createProfiles(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scoring_profiles")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("profile_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("definition_json", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("activated_at", "text")
    .addPrimaryKeyConstraint("scoring_profiles_pk", ["workspace_id", "version"])
    .execute();
  // Exactly one active version a workspace, enforced by the database on every dialect.
  await db.schema
    .createIndex("scoring_profiles_active")
    .on("scoring_profiles")
    .column("workspace_id")
    .unique()
    .where(sql.ref("status"), "=", "active")
    .execute();
  await db.schema
    .createTable("scoring_feedback")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("input_json", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("profile_version", "integer", (c) => c.notNull())
    .addColumn("hint", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("scoring_feedback_workspace").on("scoring_feedback").columns(["workspace_id", "id"]).execute();
}

async function createJobs(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scoring_jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("profile_version", "integer", (c) => c.notNull())
    .addColumn("mission_id", "text")
    .addColumn("import_id", "text")
    /** 1: every mission lead of the scope; 0: only those not yet under profile_version. */
    .addColumn("force", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    /** The last lead id done; the next batch starts after it. Committed with each batch. */
    .addColumn("cursor", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("leads_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("scoring_jobs_status").on("scoring_jobs").columns(["status", "id"]).execute();
  await db.schema.createIndex("scoring_jobs_workspace").on("scoring_jobs").columns(["workspace_id", "id"]).execute();
}

export const scoring: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createProfiles(db);
    await createJobs(db);
    for (const column of ["source_fit", "intent_signal", "freshness"]) await db.schema.alterTable("imports").addColumn(column, "integer").execute();
    await db.schema.alterTable("mission_leads").addColumn("score", "double precision").execute();
    await db.schema.alterTable("mission_leads").addColumn("score_version", "integer").execute();
    await db.schema.alterTable("mission_leads").addColumn("score_breakdown", "text").execute();
    // A mission's leads by score, for lead.search {mission_id, sort: score} and min/max_score.
    // Rescoring batches walk the existing lead_id index in order.
    await db.schema.createIndex("mission_leads_score").on("mission_leads").columns(["mission_id", "score", "lead_id"]).execute();
  },
};
