// Leads: profile rows and their identity keys (email, LinkedIn, Sales Navigator id, custom id).
import { CompiledQuery, type Insertable, type Kysely, type Selectable } from "kysely";
import type { Database, LeadTable } from "../schema.js";
import { bulkInsert } from "./bulk-insert.js";
import { chunks, inLists } from "./in-lists.js";
import { indexNewLeads, reindexLead, touchesSearch } from "./lead-search-index.js";

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

/** Every column of a lead row, in table order. */
const LEAD_COLUMNS = [
  "id",
  "workspace_id",
  "first_name",
  "last_name",
  "full_name",
  "email",
  "linkedin_url",
  "company",
  "job_title",
  "headline",
  "created_at",
  "updated_at",
  "email_key",
  "linkedin_key",
  "sales_nav_id",
  "custom_id",
  "location",
  "description",
  "phone",
  "timezone",
  "avatar_url",
  "company_website",
  "company_logo_url",
  "company_linkedin_url",
  "company_headline",
  "personal_website",
  "company_industry",
  "company_size",
  "last_interaction_at",
  "score",
  "experience_json",
  "education_json",
  "do_not_contact",
] as const satisfies readonly (keyof LeadRow)[];
/** Fails to compile when LeadTable gains a column LEAD_COLUMNS lacks (it would be written as NULL). */
const everyColumn: Exclude<keyof LeadRow, (typeof LEAD_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;
/** Columns without a default of their own (NULL), left out of an insert when no row has them. */
const NULL_DEFAULT_COLUMNS: ReadonlySet<string> = new Set<string>(
  LEAD_COLUMNS.filter((c) => !["id", "workspace_id", "created_at", "updated_at", "experience_json", "education_json", "do_not_contact"].includes(c)),
);

export class LeadRepository {
  /** On SQLite this repository also writes the FTS5 search index (lead-search.ts); PostgreSQL derives it. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: "sqlite" | "postgres" = "sqlite",
  ) {}

  /** The dialect's placeholder for the n-th bound value. */
  private mark(n: number): string {
    return this.dialect === "sqlite" ? "?" : `$${n}`;
  }

  async get(workspaceId: string, id: string): Promise<LeadRow | undefined> {
    return this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  async getMany(workspaceId: string, ids: readonly string[]): Promise<Map<string, LeadRow>> {
    const out = new Map<string, LeadRow>();
    for (const chunk of inLists(ids)) {
      const rows = await this.db.selectFrom("leads").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", chunk).execute();
      for (const row of rows) out.set(row.id, row);
    }
    return out;
  }

  /** Every lead of the workspace holding one of the keys (one indexed query per kind of key). */
  async findByKeys(workspaceId: string, keys: LeadKeys): Promise<LeadRow[]> {
    const found = new Map<string, LeadRow>();
    const lookups = [
      ["email_key", keys.emailKeys],
      ["linkedin_key", keys.linkedinKeys],
      ["sales_nav_id", keys.salesNavIds],
      ["custom_id", keys.customIds],
    ] as const;
    for (const [column, values] of lookups) {
      for (const chunk of inLists(values)) {
        // Written as text: Kysely builds a syntax node per listed value, a few percent of an import.
        const text = `select * from leads where workspace_id = ${this.mark(1)} and ${column} in (${chunk.map((_, i) => this.mark(i + 2)).join(", ")})`;
        const { rows } = await this.db.executeQuery<LeadRow>(CompiledQuery.raw(text, [workspaceId, ...chunk]));
        for (const row of rows) found.set(row.id, row);
      }
    }
    return [...found.values()];
  }

  /** Inserts many leads in multi-row statements (and, on SQLite, adds them to the search index). */
  async insertMany(rows: readonly NewLead[]): Promise<void> {
    for (const chunk of chunks(rows, 500)) {
      await bulkInsert(this.db, "leads", LEAD_COLUMNS, chunk, { omitWhenAbsent: NULL_DEFAULT_COLUMNS });
      if (this.dialect === "sqlite") await indexNewLeads(this.db, chunk);
    }
  }

  async update(workspaceId: string, id: string, patch: LeadPatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.db.updateTable("leads").set(patch).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    if (this.dialect === "sqlite" && touchesSearch(Object.keys(patch))) await reindexLead(this.db, id);
  }
}
