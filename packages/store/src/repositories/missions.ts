// Missions, their imports and the lead counts behind mission stats.
import { sql, type RawBuilder, type Expression, type Kysely, type Selectable, type SqlBool } from "kysely";
import type { DialectName, DirectStatements } from "../dialects/types.js";
import type { Database, ImportTable, MissionTable, OfferTable } from "../schema.js";
import { compiledInsert, compiledOnce, type Runner } from "./compiled.js";
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

/** What a mission's view shows of each of its imports. */
export type MissionImportSummary = Pick<
  ImportRow,
  "id" | "type" | "name" | "created_at" | "created_count" | "skipped_count" | "invalid_count" | "updated_count" | "source_url" | "context"
>;

/** What a mission's view shows of its offer. */
export type MissionOfferSummary = Pick<Selectable<OfferTable>, "name" | "one_liner" | "landing_page_url">;

/** A mission with everything its view shows: counts, offer and imports (newest first). */
export interface MissionDetails {
  /** The mission's row (the object carries the statement's other columns too). */
  row: MissionRow;
  stats: MissionStatsRow;
  offer: MissionOfferSummary | undefined;
  imports: MissionImportSummary[];
}

const IMPORT_SUMMARY_COLUMNS = [
  "id",
  "type",
  "name",
  "created_at",
  "created_count",
  "skipped_count",
  "invalid_count",
  "updated_count",
  "source_url",
  "context",
] as const satisfies readonly (keyof MissionImportSummary)[];

/**
 * The mission's imports as one JSON array, newest first, in the mission's own statement: SQLite's
 * ordered `json_group_array` (an empty array when there are none), PostgreSQL's `json_agg`.
 */
function importsAsJson(dialect: DialectName): RawBuilder<string | MissionImportSummary[]> {
  const fields = sql.join(IMPORT_SUMMARY_COLUMNS.map((column) => sql`${sql.lit(column)}, ${sql.ref(`i.${column}`)}`));
  return dialect === "sqlite"
    ? sql`(select json_group_array(json_object(${fields}) order by i.id desc) from imports as i where i.mission_id = missions.id)`
    : sql`(select coalesce(json_agg(json_build_object(${fields}) order by i.id desc), '[]'::json) from imports as i where i.mission_id = missions.id)`;
}

/**
 * mission.get's one statement: the mission, its stats row, its offer's summary and its imports
 * (docs/performance.md "Where the time goes, third round"): one statement where it was three.
 */
const missionDetails = compiledOnce((db, dialect) =>
  db
    .selectFrom("missions")
    .leftJoin("mission_stats", "mission_stats.mission_id", "missions.id")
    .leftJoin("offers", (join) => join.onRef("offers.id", "=", "missions.offer_id").onRef("offers.workspace_id", "=", "missions.workspace_id"))
    .selectAll("missions")
    .select(["mission_stats.leads", "mission_stats.contacted", "mission_stats.replied"])
    .select(["offers.name as offer_name", "offers.one_liner as offer_one_liner", "offers.landing_page_url as offer_landing_page_url"])
    .select(importsAsJson(dialect).as("imports_json"))
    .where("missions.workspace_id", "=", "")
    .where("missions.id", "=", ""),
);

/** Held until the transaction's next statement or commit (held-writes.ts): a new mission's insert is often its transaction's last statement. */
const insertMission = compiledInsert("missions", { held: true });

const importsOfOne = compiledOnce((db) => db.selectFrom("imports").selectAll().where("mission_id", "=", "").orderBy("id", "desc"));

/** The mission, counts, offer and imports of missionDetails' row. */
function detailsOf([found]: Awaited<ReturnType<typeof missionDetails>>): MissionDetails | undefined {
  if (!found) return undefined;
  // The row keeps the statement's other columns: copying it without them (an object rest) cost
  // more than the statement's own JavaScript, and the view reads the row's columns by name.
  const { leads, contacted, replied, offer_name, offer_one_liner, offer_landing_page_url, imports_json } = found;
  return {
    row: found,
    stats: { leads: Number(leads ?? 0), contacted: Number(contacted ?? 0), replied: Number(replied ?? 0) },
    // An offer's name is never null: a null name is no offer found.
    offer: offer_name === null ? undefined : { name: offer_name, one_liner: offer_one_liner as string, landing_page_url: offer_landing_page_url },
    imports: typeof imports_json === "string" ? (JSON.parse(imports_json) as MissionImportSummary[]) : imports_json,
  };
}

export class MissionRepository {
  private readonly runner: Runner;

  constructor(
    private readonly db: Kysely<Database>,
    dialect: DialectName,
    direct?: DirectStatements,
  ) {
    this.runner = { db, dialect, direct };
  }

  async insert(row: NewMission): Promise<void> {
    await insertMission(this.runner, { ...row, name_search: row.name.toLowerCase() });
  }

  async get(workspaceId: string, id: string): Promise<MissionRow | undefined> {
    return this.db.selectFrom("missions").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  /** The mission with its counts, offer and imports, in one statement (mission.get and the commands that answer with one mission). */
  getDetails(workspaceId: string, id: string): MissionDetails | undefined | Promise<MissionDetails | undefined> {
    const rows = missionDetails(this.runner, [workspaceId, id]);
    // Within a SQLite transaction the rows are there at once: the answer is a value, not a promise.
    return rows instanceof Promise ? rows.then(detailsOf) : detailsOf(rows);
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
        ? await importsOfOne(this.runner, missionIds)
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
