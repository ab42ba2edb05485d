// Imports: one row per run, the leads each run touched, and the source hash behind already_exists.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, ImportLeadTable, ImportTable } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { inLists, type LeadRow } from "./leads.js";
import { decodeCursor, encodeCursor, type Page } from "./page.js";

export type ImportRecord = Selectable<ImportTable>;
export type ImportLeadRow = Selectable<ImportLeadTable>;
export type ImportOutcome = ImportLeadRow["outcome"];
export type ImportResultPatch = Partial<Pick<ImportRecord,
  "created_count" | "skipped_count" | "invalid_count" | "updated_count" | "row_count" | "added_count" | "lead_count" | "problems_json" | "columns_json" | "source_hash" | "updated_at">>;

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
    return this.db.selectFrom("imports").selectAll()
      .where("workspace_id", "=", workspaceId).where("mission_id", "=", missionId).where("source_hash", "=", sourceHash)
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
    const rows = await query.orderBy("id", "desc").limit(filter.limit + 1).execute();
    return page(rows, filter.limit);
  }

  async addLeads(rows: readonly ImportLeadRow[]): Promise<void> {
    await bulkInsert(this.db, "import_leads", ["import_id", "lead_id", "workspace_id", "outcome"], rows);
  }

  /** Which of these leads this import already touched (a repeat row in the same import). */
  async touched(importId: string, leadIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of inLists(leadIds)) {
      const rows = await this.db.selectFrom("import_leads").select("lead_id").where("import_id", "=", importId).where("lead_id", "in", chunk).execute();
      for (const row of rows) out.add(row.lead_id);
    }
    return out;
  }

  /** The leads of one import, newest lead first. */
  async leads(workspaceId: string, importId: string, filter: ImportLeadFilter): Promise<Page<LeadRow>> {
    let query = this.db.selectFrom("import_leads as il").innerJoin("leads as l", "l.id", "il.lead_id")
      .selectAll("l").where("il.workspace_id", "=", workspaceId).where("il.import_id", "=", importId);
    if (filter.outcome) query = query.where("il.outcome", "=", filter.outcome);
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    if (after !== undefined) query = query.where("il.lead_id", "<", after);
    const rows = await query.orderBy("il.lead_id", "desc").limit(filter.limit + 1).execute();
    return page(rows, filter.limit);
  }

  async leadIds(importId: string, outcome: ImportOutcome, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom("import_leads").select("lead_id").where("import_id", "=", importId).where("outcome", "=", outcome)
      .orderBy("lead_id").limit(limit).execute();
    return rows.map((r) => r.lead_id);
  }

  /** Every import that touched a lead, newest first. */
  async ofLead(workspaceId: string, leadId: string): Promise<LeadImportRow[]> {
    return this.db.selectFrom("import_leads as il").innerJoin("imports as i", "i.id", "il.import_id")
      .selectAll("i").select("il.outcome")
      .where("il.workspace_id", "=", workspaceId).where("il.lead_id", "=", leadId)
      .orderBy("i.id", "desc").execute();
  }
}

function page<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
