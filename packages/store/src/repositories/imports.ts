// Imports: one row per run, the leads each run touched, and the source hash behind already_exists.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, ImportLeadTable, ImportTable } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { inLists } from "./in-lists.js";
import type { LeadRow } from "./leads.js";
import { decodeCursor, pageOf, type Page } from "./page.js";

export type ImportRecord = Selectable<ImportTable>;
export type ImportLeadRow = Selectable<ImportLeadTable>;
export type ImportOutcome = ImportLeadRow["outcome"];
export type ImportResultPatch = Partial<
  Pick<
    ImportRecord,
    | "created_count"
    | "skipped_count"
    | "invalid_count"
    | "updated_count"
    | "row_count"
    | "added_count"
    | "lead_count"
    | "problems_json"
    | "columns_json"
    | "created_leads_from"
    | "created_leads_to"
    | "source_hash"
    | "updated_at"
  >
>;

/** What locates an import's leads: its id, its mission and the range of lead ids it created. */
export type ImportLeadsRef = Pick<ImportRecord, "id" | "mission_id" | "created_leads_from" | "created_leads_to">;

export interface ImportListFilter {
  missionId?: string;
  type?: string;
  limit: number;
  cursor?: string;
}

export interface ImportLeadFilter {
  outcome?: ImportOutcome;
  limit: number;
  cursor?: string;
}

/** An import that touched a lead, and what it did to it. */
export interface LeadImportRow extends ImportRecord {
  outcome: ImportOutcome;
}

export class ImportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ImportTable>): Promise<void> {
    await this.db.insertInto("imports").values(row).execute();
  }

  async get(workspaceId: string, id: string): Promise<ImportRecord | undefined> {
    return this.db.selectFrom("imports").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  /** The earlier import of the same source into the same mission, if any. */
  async findBySource(workspaceId: string, missionId: string, sourceHash: string): Promise<ImportRecord | undefined> {
    return this.db
      .selectFrom("imports")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("mission_id", "=", missionId)
      .where("source_hash", "=", sourceHash)
      .executeTakeFirst();
  }

  async finish(workspaceId: string, id: string, patch: ImportResultPatch): Promise<void> {
    await this.db.updateTable("imports").set(patch).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  }

  /** Newest first; the cursor is the last id of the previous page. */
  async list(workspaceId: string, filter: ImportListFilter): Promise<Page<ImportRecord>> {
    let query = this.db.selectFrom("imports").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.missionId) query = query.where("mission_id", "=", filter.missionId);
    if (filter.type) query = query.where("type", "=", filter.type);
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    if (after !== undefined) query = query.where("id", "<", after);
    const rows = await query
      .orderBy("id", "desc")
      .limit(filter.limit + 1)
      .execute();
    return pageOf(rows, filter.limit);
  }

  /**
   * Records the existing leads an import matched (updated or skipped). The leads it created need no
   * row: their link into the import's mission carries the import id, and the import keeps the range
   * of ids it created (migration 0008).
   */
  async addLeads(rows: readonly ImportLeadRow[]): Promise<void> {
    await bulkInsert(this.db, "import_leads", ["import_id", "lead_id", "workspace_id", "outcome"], rows);
  }

  /** Which of these leads this import (into this mission) already touched: a repeat row in the same import. */
  async touched(importId: string, missionId: string, leadIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of inLists(leadIds)) {
      const matched = await this.db
        .selectFrom("import_leads")
        .select("lead_id")
        .where("import_id", "=", importId)
        .where("lead_id", "in", chunk)
        .execute();
      const linked = await this.db
        .selectFrom("mission_leads")
        .select("lead_id")
        .where("mission_id", "=", missionId)
        .where("lead_id", "in", chunk)
        .where("import_id", "=", importId)
        .execute();
      for (const row of [...matched, ...linked]) out.add(row.lead_id);
    }
    return out;
  }

  /** Lead ids the import created, in `order` of id, after `after` (desc: below it; asc: above it): a range of its mission's links. */
  private async createdIds(ref: ImportLeadsRef, order: "asc" | "desc", limit: number, after?: string): Promise<{ lead_id: string }[]> {
    if (ref.created_leads_from === null || ref.created_leads_to === null) return [];
    let query = this.db
      .selectFrom("mission_leads as ml")
      .select("ml.lead_id")
      .where("ml.mission_id", "=", ref.mission_id)
      .where("ml.lead_id", ">=", ref.created_leads_from)
      .where("ml.lead_id", "<=", ref.created_leads_to)
      .where("ml.import_id", "=", ref.id)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom("import_leads as il").select("il.lead_id").whereRef("il.lead_id", "=", "ml.lead_id").where("il.import_id", "=", ref.id)),
        ),
      );
    if (after !== undefined) query = query.where("ml.lead_id", order === "desc" ? "<" : ">", after);
    return query.orderBy("ml.lead_id", order).limit(limit).execute();
  }

  /** Lead ids of the import's own rows (matched leads; `created` only in databases older than this scheme). */
  private recordedIds(
    importId: string,
    outcome: ImportOutcome | undefined,
    order: "asc" | "desc",
    limit: number,
    after?: string,
  ): Promise<{ lead_id: string }[]> {
    let query = this.db.selectFrom("import_leads").select("lead_id").where("import_id", "=", importId);
    if (outcome) query = query.where("outcome", "=", outcome);
    if (after !== undefined) query = query.where("lead_id", order === "desc" ? "<" : ">", after);
    return query.orderBy("lead_id", order).limit(limit).execute();
  }

  /** The first `limit` ids of the import's leads with this outcome (any when absent), merged from both places. */
  private async outcomeIds(
    ref: ImportLeadsRef,
    outcome: ImportOutcome | undefined,
    order: "asc" | "desc",
    limit: number,
    after?: string,
  ): Promise<string[]> {
    const lists = await Promise.all([
      outcome === undefined || outcome === "created" ? this.createdIds(ref, order, limit, after) : [],
      this.recordedIds(ref.id, outcome, order, limit, after),
    ]);
    const ids = [...new Set(lists.flat().map((r) => r.lead_id))].sort();
    if (order === "desc") ids.reverse();
    return ids.slice(0, limit);
  }

  /** The leads of one import, newest lead first. */
  async leads(workspaceId: string, ref: ImportLeadsRef, filter: ImportLeadFilter): Promise<Page<LeadRow>> {
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    const ids = await this.outcomeIds(ref, filter.outcome, "desc", filter.limit + 1, after);
    const rows =
      ids.length === 0 ? [] : await this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return pageOf(
      ids.map((id) => byId.get(id)).filter((row): row is LeadRow => row !== undefined),
      filter.limit,
    );
  }

  async leadIds(ref: ImportLeadsRef, outcome: ImportOutcome, limit: number): Promise<string[]> {
    return this.outcomeIds(ref, outcome, "asc", limit);
  }

  /** Every import that touched a lead, newest first. */
  async ofLead(workspaceId: string, leadId: string): Promise<LeadImportRow[]> {
    const [recorded, created] = await Promise.all([
      this.db
        .selectFrom("import_leads as il")
        .innerJoin("imports as i", "i.id", "il.import_id")
        .selectAll("i")
        .select("il.outcome")
        .where("il.workspace_id", "=", workspaceId)
        .where("il.lead_id", "=", leadId)
        .execute(),
      this.db
        .selectFrom("mission_leads as ml")
        .innerJoin("imports as i", "i.id", "ml.import_id")
        .selectAll("i")
        .where("ml.workspace_id", "=", workspaceId)
        .where("ml.lead_id", "=", leadId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("import_leads as il").select("il.lead_id").whereRef("il.import_id", "=", "ml.import_id").where("il.lead_id", "=", leadId),
            ),
          ),
        )
        .execute(),
    ]);
    const rows: LeadImportRow[] = [...recorded, ...created.map((row) => ({ ...row, outcome: "created" as const }))];
    return rows.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }
}
