// Background rescoring jobs. A batch claims its job row (FOR UPDATE SKIP LOCKED on PostgreSQL, the
// writer lock on SQLite), reads the cursor, writes its scores and advances the cursor in one
// transaction: a crash loses the batch and nothing else, and two replicas never run the same one.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from "kysely";
import type { Database } from "../schema.js";
import type { ScoringJobTable } from "../schema-scoring.js";

export type ScoringJobRow = Selectable<ScoringJobTable>;

const OPEN = ["queued", "running"] as const;

export class ScoringJobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: "sqlite" | "postgres" = "sqlite",
  ) {}

  async insert(row: Insertable<ScoringJobTable>): Promise<void> {
    await this.db.insertInto("scoring_jobs").values(row).execute();
  }

  /** Open jobs of the workspace end as superseded (a newer job covers their leads). */
  async supersede(workspaceId: string, at: string, options: { olderThanVersion?: number } = {}): Promise<void> {
    let query = this.db
      .updateTable("scoring_jobs")
      .set({ status: "superseded", finished_at: at, updated_at: at })
      .where("workspace_id", "=", workspaceId)
      .where("status", "in", OPEN);
    if (options.olderThanVersion !== undefined) query = query.where("profile_version", "<", options.olderThanVersion);
    await query.execute();
  }

  /** Ids of open jobs (any workspace), oldest first. */
  async openIds(limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom("scoring_jobs").select("id").where("status", "in", OPEN).orderBy("id").limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** The job, locked for this transaction; undefined when it is closed or another process holds it. */
  async claim(id: string): Promise<ScoringJobRow | undefined> {
    if (this.dialect === "postgres") {
      const result =
        await sql<ScoringJobRow>`select * from scoring_jobs where id = ${id} and status in ('queued', 'running') for update skip locked`.execute(
          this.db,
        );
      return result.rows[0];
    }
    return this.db.selectFrom("scoring_jobs").selectAll().where("id", "=", id).where("status", "in", OPEN).executeTakeFirst();
  }

  async update(id: string, patch: Updateable<ScoringJobTable>): Promise<void> {
    await this.db.updateTable("scoring_jobs").set(patch).where("id", "=", id).execute();
  }

  async get(id: string): Promise<ScoringJobRow | undefined> {
    return this.db.selectFrom("scoring_jobs").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The workspace's latest jobs, newest first. */
  async latest(workspaceId: string, limit: number): Promise<ScoringJobRow[]> {
    return this.db.selectFrom("scoring_jobs").selectAll().where("workspace_id", "=", workspaceId).orderBy("id", "desc").limit(limit).execute();
  }
}
