// LinkedIn drafts. Status changes are conditional updates on the status they start from, so a
// draft cannot be approved and cancelled (or dispatched twice) by two calls racing.
import type { Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../schema.js";
import type { DraftStatus, DraftTable } from "../schema-approvals.js";
import { newestFirst, type Page } from "./page.js";

export type DraftRow = Selectable<DraftTable>;
export type DraftPatch = Omit<Updateable<DraftTable>, "id" | "workspace_id" | "created_at">;

export interface DraftListFilter {
  status?: DraftStatus;
  missionId?: string;
  leadId?: string;
  limit: number;
  cursor?: string;
}

export class DraftRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: DraftRow): Promise<void> {
    await this.db.insertInto("drafts").values(row).execute();
  }

  async get(workspaceId: string, id: string): Promise<DraftRow | undefined> {
    return this.db.selectFrom("drafts").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  /** Applies the patch only while the draft is in one of `from`; false when it was not. */
  async transition(workspaceId: string, id: string, from: readonly DraftStatus[], patch: DraftPatch): Promise<boolean> {
    const result = await this.db
      .updateTable("drafts")
      .set(patch)
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .where("status", "in", from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async update(workspaceId: string, id: string, patch: DraftPatch): Promise<void> {
    await this.db.updateTable("drafts").set(patch).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  }

  /** Newest first; the cursor is the last id of the previous page. */
  async list(workspaceId: string, filter: DraftListFilter): Promise<Page<DraftRow>> {
    let query = this.db.selectFrom("drafts").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.status) query = query.where("status", "=", filter.status);
    if (filter.missionId) query = query.where("mission_id", "=", filter.missionId);
    if (filter.leadId) query = query.where("lead_id", "=", filter.leadId);
    return newestFirst(query, filter);
  }
}
