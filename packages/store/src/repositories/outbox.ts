// The outbox: every dispatched message, kept for export and for webhook delivery. draft_id is
// unique, so a draft reaches the outbox once however many calls race to send it.
import { sql, type Kysely, type Selectable, type Updateable } from "kysely";
import type { Database } from "../schema.js";
import type { OutboxStatus, OutboxTable } from "../schema-approvals.js";

export type OutboxRow = Selectable<OutboxTable>;
export type OutboxPatch = Omit<Updateable<OutboxTable>, "id" | "workspace_id" | "draft_id" | "message_id" | "created_at">;

export interface OutboxFilter {
  status?: OutboxStatus;
  /** Only items created at or after this time (ISO). */
  since?: string;
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: OutboxRow): Promise<void> {
    await this.db.insertInto("outbox").values(row).execute();
  }

  async get(workspaceId: string, id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom("outbox").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  async update(id: string, patch: OutboxPatch): Promise<void> {
    await this.db.updateTable("outbox").set(patch).where("id", "=", id).execute();
  }

  /** Every item of the workspace matching the filter, oldest first (export order). */
  async list(workspaceId: string, filter: OutboxFilter = {}): Promise<OutboxRow[]> {
    let query = this.db.selectFrom("outbox").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.status) query = query.where("status", "=", filter.status);
    if (filter.since) query = query.where("created_at", ">=", filter.since);
    return query.orderBy("id", "asc").execute();
  }

  /** Outbox items of every workspace by delivery status, with their delivery attempts summed (metrics). */
  async deliveryCounts(): Promise<{ status: OutboxStatus; items: number; attempts: number }[]> {
    const rows = await this.db
      .selectFrom("outbox")
      .select(["status", sql<number>`count(*)`.as("items"), sql<number>`coalesce(sum(attempts), 0)`.as("attempts")])
      .groupBy("status")
      .execute();
    return rows.map((row) => ({ status: row.status, items: Number(row.items), attempts: Number(row.attempts) }));
  }
}
