// Faster lead writes, for imports of hundreds of thousands of rows:
// - SQLite: the search index is written by LeadRepository, not by triggers. FTS5 written from a
//   trigger flushes its pending terms on every statement (imports ran about four times slower);
//   the repository writes a whole batch in one statement. The delete trigger stays.
// - Both: identity keys are indexed only where present (partial unique indexes), so a lead with
//   an email and nothing else writes one key entry instead of four; the name index goes (no query
//   can use it: names sort with unknown names last); the score index and a mission's leads by
//   status carry the lead id, so "top scores" and "newest of this mission with this status" read
//   an index in order and stop at the page instead of sorting ties.
import { sql, type Kysely, type Migration } from "kysely";

const KEYS = ["email_key", "linkedin_key", "sales_nav_id", "custom_id"] as const;

export function leadWrites(dialect: "sqlite" | "postgres"): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === "sqlite") {
        await sql`drop trigger leads_search_insert`.execute(db);
        await sql`drop trigger leads_search_update`.execute(db);
      }
      for (const key of KEYS) {
        await db.schema.dropIndex(`leads_${key}`).execute();
        await db.schema.createIndex(`leads_${key}`).on("leads").columns(["workspace_id", key]).unique().where(sql.ref(key), "is not", null).execute();
      }
      await db.schema.dropIndex("leads_full_name").execute();
      await db.schema.dropIndex("leads_score").execute();
      await db.schema.createIndex("leads_score").on("leads").columns(["workspace_id", "score", "id"]).execute();
      await db.schema.dropIndex("mission_leads_status").execute();
      await db.schema.createIndex("mission_leads_status").on("mission_leads").columns(["mission_id", "status", "lead_id"]).execute();
    },
  };
}
