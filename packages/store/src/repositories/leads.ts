// Leads: profile rows and their identity keys (email, LinkedIn, Sales Navigator id, custom id).
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, LeadTable } from "../schema.js";

export type LeadRow = Selectable<LeadTable>;
export type NewLead = Insertable<LeadTable>;
export type LeadPatch = Partial<Omit<LeadRow, "id" | "workspace_id" | "created_at">>;

/** Normalised identity keys to look up, each list of one kind. */
export interface LeadKeys {
  emailKeys: readonly string[];
  linkedinKeys: readonly string[];
  salesNavIds: readonly string[];
  customIds: readonly string[];
}

/** SQLite accepts 32,766 bound values a statement; stay well below with every column bound. */
const MAX_BOUND_VALUES = 30_000;

export class LeadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(workspaceId: string, id: string): Promise<LeadRow | undefined> {
    return this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  async getMany(workspaceId: string, ids: readonly string[]): Promise<Map<string, LeadRow>> {
    const out = new Map<string, LeadRow>();
    for (const chunk of chunks([...new Set(ids)], 500)) {
      const rows = await this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", chunk).execute();
      for (const row of rows) out.set(row.id, row);
    }
    return out;
  }

  /** Every lead of the workspace holding one of the keys (one indexed query per kind of key). */
  async findByKeys(workspaceId: string, keys: LeadKeys): Promise<LeadRow[]> {
    const found = new Map<string, LeadRow>();
    const lookups = [
      ["email_key", keys.emailKeys], ["linkedin_key", keys.linkedinKeys], ["sales_nav_id", keys.salesNavIds], ["custom_id", keys.customIds],
    ] as const;
    for (const [column, values] of lookups) {
      for (const chunk of chunks([...new Set(values)], 500)) {
        const rows = await this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where(column, "in", chunk).execute();
        for (const row of rows) found.set(row.id, row);
      }
    }
    return [...found.values()];
  }

  /** Inserts many leads in multi-row statements. */
  async insertMany(rows: readonly NewLead[]): Promise<void> {
    if (rows.length === 0) return;
    const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / Object.keys(rows[0]!).length));
    for (const chunk of chunks(rows, Math.min(perStatement, 500))) await this.db.insertInto("leads").values(chunk).execute();
  }

  async update(workspaceId: string, id: string, patch: LeadPatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable("leads").set(patch).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
