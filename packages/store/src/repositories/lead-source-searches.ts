// Searches a webhook lead source answers later, and the pages it posts back (migration 0017). The
// replica that asked waits for the pages by reading them; the callback route of any replica records
// them. A page is identified by the sha256 of its body, so a callback posted twice is recorded once.
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** One page of a search's answer. */
export interface LeadSourcePage {
  digest: string;
  people: unknown[];
  more: boolean;
  error: string | null;
}

/** What recording a page did. */
export type PageOutcome = "recorded" | "duplicate" | "answered" | "unknown";

/** Rows of searches that ended more than this long ago are removed. */
const KEEP_MS = 60 * 60 * 1000;

export class LeadSourceSearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async open(row: { id: string; workspace_id: string; created_at: string; expires_at: string }): Promise<void> {
    await this.db
      .insertInto("lead_source_searches")
      .values({ ...row, status: "waiting" })
      .execute();
    const old = new Date(Date.parse(row.created_at) - KEEP_MS).toISOString();
    const stale = this.db.selectFrom("lead_source_searches").select("id").where("expires_at", "<", old);
    await this.db.deleteFrom("lead_source_pages").where("search_id", "in", stale).execute();
    await this.db.deleteFrom("lead_source_searches").where("expires_at", "<", old).execute();
  }

  /** Records a page of a waiting search (call in a write transaction). */
  async record(id: string, page: LeadSourcePage, now: string): Promise<PageOutcome> {
    const search = await this.db.selectFrom("lead_source_searches").selectAll().where("id", "=", id).executeTakeFirst();
    if (!search) return "unknown";
    const pages = await this.db.selectFrom("lead_source_pages").select(["digest", "more", "error"]).where("search_id", "=", id).execute();
    if (pages.some((p) => p.digest === page.digest)) return "duplicate";
    if (search.expires_at < now) return "unknown";
    if (search.status === "done" || pages.some((p) => p.more === 0 || p.error !== null)) return "answered";
    // Two replicas may take the same page at once (a source that posts again before the first answer).
    const inserted = await this.db
      .insertInto("lead_source_pages")
      .values({
        search_id: id,
        digest: page.digest,
        seq: pages.length + 1,
        people_json: JSON.stringify(page.people),
        more: page.more ? 1 : 0,
        error: page.error,
        received_at: now,
      })
      .onConflict((oc) => oc.columns(["search_id", "digest"]).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? "recorded" : "duplicate";
  }

  /** The pages recorded so far, in the order they came. */
  async pages(id: string): Promise<LeadSourcePage[]> {
    const rows = await this.db
      .selectFrom("lead_source_pages")
      .selectAll()
      .where("search_id", "=", id)
      .orderBy("seq")
      .orderBy("received_at")
      .execute();
    return rows.map((r) => ({ digest: r.digest, people: JSON.parse(r.people_json) as unknown[], more: Number(r.more) === 1, error: r.error }));
  }

  /**
   * The search is over (answered, failed or timed out): a new page is refused, one posted again is
   * still known by its digest (a source that retries after a lost answer hears "recorded"); the
   * people go now, the rows an hour after the search expires.
   */
  async close(id: string): Promise<void> {
    await this.db.updateTable("lead_source_searches").set({ status: "done" }).where("id", "=", id).execute();
    await this.db.updateTable("lead_source_pages").set({ people_json: "[]" }).where("search_id", "=", id).execute();
  }
}
