// A lead's place in each mission (its status there, which drives mission stats) and the history of
// status changes.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, LeadStatusHistoryTable, MissionLeadTable } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { inLists } from "./in-lists.js";

export type MissionLeadRow = Selectable<MissionLeadTable>;
export type StatusChangeRow = Selectable<LeadStatusHistoryTable>;

/** A lead's link to a mission, with the mission's name and status. */
export interface LeadMissionRow extends MissionLeadRow {
  mission_name: string;
  mission_status: "active" | "archived";
}

export class MissionLeadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds the links that do not exist yet; returns how many were added. */
  async linkMany(rows: readonly Insertable<MissionLeadTable>[]): Promise<number> {
    const columns = ["mission_id", "lead_id", "workspace_id", "import_id", "status", "created_at", "updated_at"] as const;
    return bulkInsert(this.db, "mission_leads", columns, rows, { ignoreConflictOn: ["mission_id", "lead_id"] });
  }

  async get(workspaceId: string, missionId: string, leadId: string): Promise<MissionLeadRow | undefined> {
    return this.db
      .selectFrom("mission_leads")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("mission_id", "=", missionId)
      .where("lead_id", "=", leadId)
      .executeTakeFirst();
  }

  /** Every mission of a lead, most recently changed first. */
  async ofLead(workspaceId: string, leadId: string): Promise<LeadMissionRow[]> {
    return this.db
      .selectFrom("mission_leads as ml")
      .innerJoin("missions as m", "m.id", "ml.mission_id")
      .selectAll("ml")
      .select(["m.name as mission_name", "m.status as mission_status"])
      .where("ml.workspace_id", "=", workspaceId)
      .where("ml.lead_id", "=", leadId)
      .orderBy("ml.updated_at", "desc")
      .orderBy("ml.mission_id", "desc")
      .execute();
  }

  /** Each lead's status in one mission. */
  async statusIn(missionId: string, leadIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of inLists(leadIds)) {
      const rows = await this.db
        .selectFrom("mission_leads")
        .select(["lead_id", "status"])
        .where("mission_id", "=", missionId)
        .where("lead_id", "in", chunk)
        .execute();
      for (const row of rows) out.set(row.lead_id, row.status);
    }
    return out;
  }

  /** Each lead's status in the mission where it last changed; leads in no mission are absent. */
  async latestStatus(leadIds: readonly string[]): Promise<Map<string, string>> {
    const latest = new Map<string, { status: string; at: string }>();
    for (const chunk of inLists(leadIds)) {
      const rows = await this.db.selectFrom("mission_leads").select(["lead_id", "status", "updated_at"]).where("lead_id", "in", chunk).execute();
      for (const row of rows) {
        const seen = latest.get(row.lead_id);
        if (!seen || row.updated_at > seen.at) latest.set(row.lead_id, { status: row.status, at: row.updated_at });
      }
    }
    return new Map([...latest].map(([id, { status }]) => [id, status]));
  }

  async setStatus(workspaceId: string, missionId: string, leadId: string, status: string, at: string): Promise<void> {
    await this.db
      .updateTable("mission_leads")
      .set({ status, updated_at: at })
      .where("workspace_id", "=", workspaceId)
      .where("mission_id", "=", missionId)
      .where("lead_id", "=", leadId)
      .execute();
  }

  async addHistory(row: StatusChangeRow): Promise<void> {
    await this.db.insertInto("lead_status_history").values(row).execute();
  }

  /** The latest status changes of a lead, newest first. */
  async history(workspaceId: string, leadId: string, limit: number): Promise<StatusChangeRow[]> {
    return this.db
      .selectFrom("lead_status_history")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("lead_id", "=", leadId)
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
  }
}
