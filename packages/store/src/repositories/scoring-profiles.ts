// Scoring profile versions and feedback. On PostgreSQL, activating a version and reading the
// active one for scoring lock the workspace row against each other, so a lead scored by the old
// version always commits before the new one is active (docs/decisions/0017-rescoring-batches-in-the-database.md).
import { sql, type Insertable, type Kysely, type Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { ScoringFeedbackTable, ScoringProfileTable } from "../schema-scoring.js";

export type ScoringProfileRow = Selectable<ScoringProfileTable>;
export type ScoringFeedbackRow = Selectable<ScoringFeedbackTable>;

export class ScoringProfileRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: "sqlite" | "postgres" = "sqlite",
  ) {}

  /**
   * The active version. `forScoring`: on PostgreSQL, first share-lock the workspace row, which a
   * version being activated holds exclusively; SQLite's single writer needs nothing.
   */
  async active(workspaceId: string, options: { forScoring?: boolean } = {}): Promise<ScoringProfileRow | undefined> {
    if (options.forScoring && this.dialect === "postgres") await sql`select id from workspaces where id = ${workspaceId} for share`.execute(this.db);
    return this.db
      .selectFrom("scoring_profiles")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("status", "=", "active")
      .executeTakeFirst();
  }

  /** Locks the workspace against scoring until this transaction ends (PostgreSQL; SQLite's writer lock suffices). */
  async lockForActivation(workspaceId: string): Promise<void> {
    if (this.dialect === "postgres") await sql`select id from workspaces where id = ${workspaceId} for no key update`.execute(this.db);
  }

  async version(workspaceId: string, version: number): Promise<ScoringProfileRow | undefined> {
    return this.db
      .selectFrom("scoring_profiles")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  async latestVersion(workspaceId: string): Promise<ScoringProfileRow | undefined> {
    return this.db
      .selectFrom("scoring_profiles")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** Archives the active version (if any) and inserts `row` as the new active one. */
  async activate(row: Insertable<ScoringProfileTable>): Promise<void> {
    await this.db
      .updateTable("scoring_profiles")
      .set({ status: "archived" })
      .where("workspace_id", "=", row.workspace_id)
      .where("status", "=", "active")
      .execute();
    await this.db.insertInto("scoring_profiles").values(row).execute();
  }

  async addFeedback(row: Insertable<ScoringFeedbackTable>): Promise<void> {
    await this.db.insertInto("scoring_feedback").values(row).execute();
  }
}
