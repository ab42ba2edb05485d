// Missions, their imports and the lead counts behind mission stats.
import { CompiledQuery, sql, type Compilable, type Expression, type Kysely, type Selectable, type SqlBool } from "kysely";
import type { Database, ImportTable, MissionTable } from "../schema.js";
import { newestFirst, type Page } from "./page.js";

export type MissionRow = Selectable<MissionTable>;
export type ImportRow = Selectable<ImportTable>;
export type NewMission = Omit<MissionRow, "name_search">;
export type MissionPatch = Partial<Omit<MissionRow, "id" | "workspace_id" | "created_at" | "name_search">>;

export interface MissionStatsRow {
  leads: number;
  contacted: number;
  replied: number;
}

export interface MissionListFilter {
  status?: "active" | "archived";
  query?: string;
  limit: number;
  cursor?: string;
}

/** Statuses counted as contacted and replied (docs/contract.md "Domain facts", ours). */
export const CONTACTED_STATUSES = ["Contacted", "Replied", "MeetingBooked", "Interested", "NotInterested"] as const;
export const REPLIED_STATUSES = ["Replied", "MeetingBooked", "Interested", "NotInterested"] as const;

/** What one link of this status adds to its mission's counts. */
export function statsOfStatus(status: string): MissionStatsRow {
  return {
    leads: 1,
    contacted: (CONTACTED_STATUSES as readonly string[]).includes(status) ? 1 : 0,
    replied: (REPLIED_STATUSES as readonly string[]).includes(status) ? 1 : 0,
  };
}

/**
 * The SQL of a statement the busiest reads run on every call, compiled once per dialect: building
 * and compiling a Kysely query cost more than SQLite running it (docs/performance.md). `build`
 * binds its values in the order `run` passes them.
 */
function compiledOnce<Row>(build: (db: Kysely<Database>) => Compilable<Row>): (db: Kysely<Database>, values: readonly unknown[]) => Promise<Row[]> {
  const texts = new Map<unknown, string>();
  return async (db, values) => {
    const dialect = db.getExecutor().adapter.constructor;
    let text = texts.get(dialect);
    if (text === undefined) {
      text = build(db).compile().sql;
      texts.set(dialect, text);
    }
    return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...values]))).rows;
  };
}

const missionWithStats = compiledOnce((db) =>
  db
    .selectFrom("missions")
    .leftJoin("mission_stats", "mission_stats.mission_id", "missions.id")
    .selectAll("missions")
    .select(["mission_stats.leads", "mission_stats.contacted", "mission_stats.replied"])
    .where("missions.workspace_id", "=", "")
    .where("missions.id", "=", ""),
);

const importsOfOne = compiledOnce((db) => db.selectFrom("imports").selectAll().where("mission_id", "=", "").orderBy("id", "desc"));

export class MissionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: NewMission): Promise<void> {
    await this.db
      .insertInto("missions")
      .values({ ...row, name_search: row.name.toLowerCase() })
      .execute();
  }

  async get(workspaceId: string, id: string): Promise<MissionRow | undefined> {
    return this.db.selectFrom("missions").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  /** The mission with its lead counts, in one statement (mission.get and the commands that answer with a mission). */
  async getWithStats(workspaceId: string, id: string): Promise<{ row: MissionRow; stats: MissionStatsRow } | undefined> {
    const [found] = await missionWithStats(this.db, [workspaceId, id]);
    if (!found) return undefined;
    const { leads, contacted, replied, ...row } = found;
    return { row, stats: { leads: Number(leads ?? 0), contacted: Number(contacted ?? 0), replied: Number(replied ?? 0) } };
  }

  async update(workspaceId: string, id: string, patch: MissionPatch): Promise<void> {
    const values = patch.name === undefined ? patch : { ...patch, name_search: patch.name.toLowerCase() };
    await this.db.updateTable("missions").set(values).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  }

  /** Newest first; the cursor is the last id of the previous page. */
  async list(workspaceId: string, filter: MissionListFilter): Promise<Page<MissionRow>> {
    let query = this.db.selectFrom("missions").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.status) query = query.where("status", "=", filter.status);
    if (filter.query) query = query.where(containsText(sql.ref("name_search"), filter.query.toLowerCase()));
    return newestFirst(query, filter);
  }

  /** Each mission's lead counts: one row read, kept exact by the writes to its links (mission-leads.ts). */
  async stats(missionIds: readonly string[]): Promise<Map<string, MissionStatsRow>> {
    const out = new Map<string, MissionStatsRow>(missionIds.map((id) => [id, { leads: 0, contacted: 0, replied: 0 }]));
    if (missionIds.length === 0) return out;
    const rows = await this.db
      .selectFrom("mission_stats")
      .select(["mission_id", "leads", "contacted", "replied"])
      .where("mission_id", "in", missionIds)
      .execute();
    for (const row of rows) out.set(row.mission_id, { leads: Number(row.leads), contacted: Number(row.contacted), replied: Number(row.replied) });
    return out;
  }

  /** The counts recounted from the links themselves: what `stats` must always equal (tests, and after `db import`). */
  async countLinks(missionIds: readonly string[]): Promise<Map<string, MissionStatsRow>> {
    const out = new Map<string, MissionStatsRow>(missionIds.map((id) => [id, { leads: 0, contacted: 0, replied: 0 }]));
    if (missionIds.length === 0) return out;
    const rows = await this.db
      .selectFrom("mission_leads")
      .select(["mission_id", "status"])
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("mission_id", "in", missionIds)
      .groupBy(["mission_id", "status"])
      .execute();
    for (const row of rows) {
      const stats = out.get(row.mission_id)!;
      const n = Number(row.n);
      const delta = statsOfStatus(row.status);
      stats.leads += n;
      stats.contacted += n * delta.contacted;
      stats.replied += n * delta.replied;
    }
    return out;
  }

  /** Imports of each mission, newest first. */
  async imports(missionIds: readonly string[]): Promise<Map<string, ImportRow[]>> {
    const out = new Map<string, ImportRow[]>(missionIds.map((id) => [id, []]));
    if (missionIds.length === 0) return out;
    const rows =
      missionIds.length === 1
        ? await importsOfOne(this.db, missionIds)
        : await this.db.selectFrom("imports").selectAll().where("mission_id", "in", missionIds).orderBy("id", "desc").execute();
    for (const row of rows) out.get(row.mission_id)!.push(row);
    return out;
  }
}

/** `column LIKE '%text%'` with the text's own % and _ taken literally, on every dialect. */
export function containsText(column: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}
