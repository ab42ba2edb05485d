// A lead's place in each mission (its status there, which drives mission stats) and the history of
// status changes.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, LeadStatusHistoryTable, MissionLeadTable } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { inLists } from "./in-lists.js";
import { statsOfStatus, type MissionStatsRow } from "./missions.js";

export type MissionLeadRow = Selectable<MissionLeadTable>;
export type StatusChangeRow = Selectable<LeadStatusHistoryTable>;

/** Links scored as they are made carry their score; the others leave the columns out (NULL). */
const SCORE_COLUMNS: ReadonlySet<string> = new Set(["score", "score_version"]);

/** A lead's link to a mission, with the mission's name and status. */
export interface LeadMissionRow extends MissionLeadRow {
  mission_name: string;
  mission_status: "active" | "archived";
  mission_offer_id: string | null;
}

export class MissionLeadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds the links that do not exist yet and counts them into their missions' stats in the same
   * transaction; returns how many were added. Rows are inserted per mission and status (one group
   * for an import), so the count of each insert says exactly what to add.
   */
  async linkMany(rows: readonly Insertable<MissionLeadTable>[]): Promise<number> {
    const columns = ["mission_id", "lead_id", "workspace_id", "import_id", "status", "score", "score_version", "created_at", "updated_at"] as const;
    const groups = new Map<string, Insertable<MissionLeadTable>[]>();
    for (const row of rows) {
      const key = `${row.mission_id}\u0000${row.status}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    let added = 0;
    for (const group of groups.values()) {
      const n = await bulkInsert(this.db, "mission_leads", columns, group, {
        ignoreConflictOn: ["mission_id", "lead_id"],
        omitWhenAbsent: SCORE_COLUMNS,
      });
      if (n === 0) continue;
      const first = group[0]!;
      const one = statsOfStatus(first.status);
      await this.addToStats(first.mission_id, first.workspace_id, { leads: n, contacted: n * one.contacted, replied: n * one.replied });
      added += n;
    }
    return added;
  }

  /** Adds `delta` to a mission's counts (an upsert: atomic on both dialects, exact under concurrent writers). */
  private async addToStats(missionId: string, workspaceId: string, delta: MissionStatsRow): Promise<void> {
    if (delta.leads === 0 && delta.contacted === 0 && delta.replied === 0) return;
    await this.db
      .insertInto("mission_stats")
      .values({ mission_id: missionId, workspace_id: workspaceId, ...delta })
      .onConflict((oc) =>
        oc.column("mission_id").doUpdateSet((eb) => ({
          leads: eb("mission_stats.leads", "+", eb.ref("excluded.leads")),
          contacted: eb("mission_stats.contacted", "+", eb.ref("excluded.contacted")),
          replied: eb("mission_stats.replied", "+", eb.ref("excluded.replied")),
        })),
      )
      .execute();
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
      .select(["m.name as mission_name", "m.status as mission_status", "m.offer_id as mission_offer_id"])
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

  /** Each lead's score in one mission (absent when unscored). */
  async scoresIn(missionId: string, leadIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of inLists(leadIds)) {
      const rows = await this.db
        .selectFrom("mission_leads")
        .select(["lead_id", "score"])
        .where("mission_id", "=", missionId)
        .where("lead_id", "in", chunk)
        .execute();
      for (const row of rows) if (row.score !== null) out.set(row.lead_id, row.score);
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

  /**
   * Moves a link to `status` and its mission's counts with it; returns the status it had, or
   * undefined when there is no such link or it already had `status`. The update names the status
   * it read, so a writer that changed the link in between (another replica) makes it read again
   * instead of counting from a stale status: the counts stay exact under concurrent changes.
   * `onlyFrom` leaves the link alone unless its status is one of these.
   */
  async setStatus(
    workspaceId: string,
    missionId: string,
    leadId: string,
    status: string,
    at: string,
    onlyFrom?: readonly string[],
  ): Promise<string | undefined> {
    for (;;) {
      const link = await this.get(workspaceId, missionId, leadId);
      if (!link || link.status === status || (onlyFrom && !onlyFrom.includes(link.status))) return undefined;
      const result = await this.db
        .updateTable("mission_leads")
        .set({ status, updated_at: at })
        .where("workspace_id", "=", workspaceId)
        .where("mission_id", "=", missionId)
        .where("lead_id", "=", leadId)
        .where("status", "=", link.status)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) continue;
      const before = statsOfStatus(link.status);
      const after = statsOfStatus(status);
      await this.addToStats(missionId, workspaceId, {
        leads: 0,
        contacted: after.contacted - before.contacted,
        replied: after.replied - before.replied,
      });
      return link.status;
    }
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
