// Approval requests. Claiming a decision is one conditional UPDATE (status = 'pending' and not
// expired), so two approvers racing on any number of processes get one winner.
import { sql, type Kysely, type Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { ApprovalRequestTable, ApprovalStatus } from "../schema-approvals.js";
import { newestFirst, type Page } from "./page.js";

export type ApprovalRow = Selectable<ApprovalRequestTable>;

export interface ApprovalDecision {
  status: "approved" | "denied";
  byKind: "api_key" | "local";
  byKeyId: string | null;
  at: string;
  note: string | null;
}

export interface ApprovalListFilter {
  status?: ApprovalStatus;
  limit: number;
  cursor?: string;
}

const PENDING_SLOT = "pending";

export class ApprovalRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(workspaceId: string, id: string): Promise<ApprovalRow | undefined> {
    return this.db.selectFrom("approval_requests").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  /** The pending request for this input in the workspace, expired or not. */
  async findPending(workspaceId: string, commandHash: string): Promise<ApprovalRow | undefined> {
    return this.db
      .selectFrom("approval_requests")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("command_hash", "=", commandHash)
      .where("pending_slot", "=", PENDING_SLOT)
      .executeTakeFirst();
  }

  /** Inserts a pending request; a second pending one for the same hash violates the unique index. */
  async insert(row: Omit<ApprovalRow, "pending_slot">): Promise<void> {
    await this.db
      .insertInto("approval_requests")
      .values({ ...row, pending_slot: PENDING_SLOT })
      .execute();
  }

  /** pending → expired; false when it was no longer pending. */
  async expire(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable("approval_requests")
      .set({ status: "expired", pending_slot: id })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** pending and unexpired → approved or denied; false when another decision (or expiry) came first. */
  async decide(id: string, decision: ApprovalDecision): Promise<boolean> {
    const result = await this.db
      .updateTable("approval_requests")
      .set({
        status: decision.status,
        pending_slot: id,
        decided_by_kind: decision.byKind,
        decided_by_key_id: decision.byKeyId,
        decided_at: decision.at,
        decision_note: decision.note,
      })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where("expires_at", ">", decision.at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordResult(id: string, resultJson: string, executedAt: string): Promise<void> {
    await this.db.updateTable("approval_requests").set({ result_json: resultJson, executed_at: executedAt }).where("id", "=", id).execute();
  }

  /** Newest first; the cursor is the last id of the previous page. */
  async list(workspaceId: string, filter: ApprovalListFilter): Promise<Page<ApprovalRow>> {
    let query = this.db.selectFrom("approval_requests").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.status) query = query.where("status", "=", filter.status);
    return newestFirst(query, filter);
  }

  /**
   * Requests of every workspace by status (a pending one past its expiry counts as expired), and
   * when the oldest one still waiting for a person was made: what the metrics report.
   */
  async statusCounts(now: string): Promise<{ counts: Record<ApprovalStatus, number>; oldestPendingAt: string | null }> {
    const rows = await this.db
      .selectFrom("approval_requests")
      .select([
        "status",
        sql<number>`count(*)`.as("n"),
        sql<number>`sum(case when status = 'pending' and expires_at <= ${now} then 1 else 0 end)`.as("lapsed"),
      ])
      .groupBy("status")
      .execute();
    const counts: Record<ApprovalStatus, number> = { pending: 0, approved: 0, denied: 0, expired: 0 };
    for (const row of rows) {
      const lapsed = Number(row.lapsed ?? 0);
      counts[row.status] = (counts[row.status] ?? 0) + Number(row.n) - lapsed;
      counts.expired += lapsed;
    }
    const oldest = await this.db
      .selectFrom("approval_requests")
      .select(sql<string | null>`min(requested_at)`.as("at"))
      .where("status", "=", "pending")
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return { counts, oldestPendingAt: oldest?.at ?? null };
  }
}
