// Offers, with their references kept as a JSON column.
import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, OfferTable } from "../schema.js";
import { containsText } from "./missions.js";
import { newestFirst, type Page } from "./page.js";

export type OfferRow = Selectable<OfferTable>;
export type OfferPatch = Partial<Omit<OfferRow, "id" | "workspace_id" | "created_at">>;

export interface OfferListFilter {
  isDraft?: boolean;
  query?: string;
  limit: number;
  cursor?: string;
}

export class OfferRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: OfferRow): Promise<void> {
    await this.db.insertInto("offers").values(row).execute();
  }

  async get(workspaceId: string, id: string): Promise<OfferRow | undefined> {
    return this.db.selectFrom("offers").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  }

  async getMany(workspaceId: string, ids: readonly string[]): Promise<Map<string, OfferRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("offers")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", [...new Set(ids)])
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async update(workspaceId: string, id: string, patch: OfferPatch): Promise<void> {
    await this.db.updateTable("offers").set(patch).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  }

  async list(workspaceId: string, filter: OfferListFilter): Promise<Page<OfferRow>> {
    let query = this.db.selectFrom("offers").selectAll().where("workspace_id", "=", workspaceId);
    if (filter.isDraft !== undefined) query = query.where("is_draft", "=", filter.isDraft ? 1 : 0);
    if (filter.query) query = query.where(containsText(sql`lower(${sql.ref("name")})`, filter.query.toLowerCase()));
    return newestFirst(query, filter);
  }
}
