// lead.search's query. Filters and sorting are plain SQL; the word match is the one part written
// per dialect: FTS5 on SQLite, the weighted tsvector (GIN) on PostgreSQL (migrations 0002, 0005).
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../schema.js";
import type { LeadRow } from "./leads.js";

export type LeadSort = "relevance" | "newest" | "score" | "name";

export interface LeadSearchFilter {
  /** Words to find in name, company, job title and headline (each must start a word there). */
  text?: string;
  firstName?: string;
  lastName?: string;
  missionId?: string;
  status?: string;
  minScore?: number;
  maxScore?: number;
  /**
   * With missionId: filter and sort on the lead's score in that mission (computed by a scoring
   * profile) instead of the lead's own score (its best, or the one it was given before any profile).
   */
  missionScores?: boolean;
  sort: LeadSort;
  limit: number;
  offset: number;
}

/** The words a search text is made of: letters and digits, lower-cased. Empty when there are none. */
export function searchWords(text: string | undefined): string[] {
  return text === undefined ? [] : [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
}

/**
 * Relevance ranks at most this many matches, the most recent ones: ranking every match of a common
 * word among a million leads costs hundreds of milliseconds. More words or filters narrow it.
 */
export const RELEVANCE_WINDOW = 500;

/** How one dialect matches words: the rows to search, the condition, and its orders. */
interface WordMatch {
  from: RawBuilder<unknown>;
  condition: RawBuilder<unknown>;
  /** The relevance order in SQL (PostgreSQL: ts_rank over every match). */
  relevance?: RawBuilder<unknown>;
  /** Creation order of the matches; on SQLite the FTS5 rowid, which the index can walk backwards and stop. */
  newest: RawBuilder<unknown>;
  /** Set when relevance ranks the RELEVANCE_WINDOW newest matches by field (rankByField). */
  ranksHere?: true;
}

/** `{columns} : ("w1"* AND "w2"*)`: every word must start a word of one of the columns. */
function sqliteMatch(filter: LeadSearchFilter): WordMatch | undefined {
  const part = (columns: string, text: string | undefined) => {
    const words = searchWords(text);
    return words.length === 0 ? [] : [`{${columns}} : (${words.map((w) => `"${w}"*`).join(" AND ")})`];
  };
  const parts = [
    ...part("full_name company job_title headline", filter.text),
    ...part("first_name", filter.firstName),
    ...part("last_name", filter.lastName),
  ];
  if (parts.length === 0) return undefined;
  return {
    from: sql`leads_fts join lead_search_docs d on d.doc_id = leads_fts.rowid join leads l on l.id = d.lead_id`,
    condition: sql`leads_fts match ${parts.join(" AND ")}`,
    newest: sql`leads_fts.rowid`,
    ranksHere: true,
  };
}

/** `w1:*C & w2:*C & first:*A`: weights say which field a word must come from. */
function postgresMatch(filter: LeadSearchFilter): WordMatch | undefined {
  const terms = [
    ...searchWords(filter.text).map((w) => `${w}:*C`),
    ...searchWords(filter.firstName).map((w) => `${w}:*A`),
    ...searchWords(filter.lastName).map((w) => `${w}:*B`),
  ];
  if (terms.length === 0) return undefined;
  const query = sql`to_tsquery('simple', ${terms.join(" & ")})`;
  return {
    from: sql`leads l`,
    condition: sql`l.search_vector @@ ${query}`,
    relevance: sql`ts_rank(l.search_vector, ${query}) desc`,
    newest: sql`l.id`,
  };
}

function orderBy(sort: LeadSort, match: WordMatch | undefined, newestKey: RawBuilder<unknown>, score: RawBuilder<unknown>): RawBuilder<unknown> {
  // Unknown scores and names sort last on both dialects (their NULL orders differ); the score
  // order is one the (workspace_id, score) index serves.
  switch (sort) {
    case "relevance":
      return match?.relevance ? sql`${match.relevance}, l.id desc` : sql`${newestKey} desc`;
    case "score":
      return sql`${score} desc nulls last, l.id desc`;
    case "name":
      return sql`(l.full_name is null), l.full_name, l.id desc`;
    case "newest":
      return sql`${newestKey} desc`;
  }
}

/**
 * Where the rows come from. Words drive from the text index; "newest in a mission" drives from
 * the mission's (status-ordered) lead index and stops at the limit; everything else walks the
 * workspace's leads (by id, or by score) and checks membership per lead.
 */
function source(
  filter: LeadSearchFilter,
  match: WordMatch | undefined,
): { from: RawBuilder<unknown>; newestKey: RawBuilder<unknown>; joined: boolean } {
  if (match) return { from: match.from, newestKey: match.newest, joined: false };
  const newest = filter.sort === "newest" || filter.sort === "relevance";
  const byMissionScore = filter.missionScores && filter.sort === "score";
  if (filter.missionId !== undefined && (newest || byMissionScore)) {
    return { from: sql`mission_leads ml join leads l on l.id = ml.lead_id`, newestKey: sql`ml.lead_id`, joined: true };
  }
  return { from: sql`leads l`, newestKey: sql`l.id`, joined: false };
}

/** The score filtered and sorted on: the lead's, or (missionScores) its score in the mission. */
function scoreOf(filter: LeadSearchFilter, joined: boolean): RawBuilder<unknown> {
  if (!filter.missionScores || filter.missionId === undefined) return sql`l.score`;
  return joined ? sql`ml.score` : sql`(select ms.score from mission_leads ms where ms.mission_id = ${filter.missionId} and ms.lead_id = l.id)`;
}

function membership(workspaceId: string, filter: LeadSearchFilter, joined: boolean): RawBuilder<unknown>[] {
  const status = filter.status === undefined ? sql`` : sql` and ml.status = ${filter.status}`;
  if (filter.missionId !== undefined) {
    return joined
      ? [sql`ml.mission_id = ${filter.missionId}${status}`]
      : [sql`exists (select 1 from mission_leads ml where ml.mission_id = ${filter.missionId} and ml.lead_id = l.id${status})`];
  }
  if (filter.status === undefined) return [];
  // Per mission of the workspace, so the (mission_id, status, lead_id) index answers it.
  return [
    sql`l.id in (select ml.lead_id from mission_leads ml where ml.mission_id in (select id from missions where workspace_id = ${workspaceId})${status})`,
  ];
}

export class LeadSearchRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: "sqlite" | "postgres" = "sqlite",
  ) {}

  async search(workspaceId: string, filter: LeadSearchFilter): Promise<LeadRow[]> {
    const match = this.dialect === "sqlite" ? sqliteMatch(filter) : postgresMatch(filter);
    const { from, newestKey, joined } = source(filter, match);
    const conditions: RawBuilder<unknown>[] = [sql`l.workspace_id = ${workspaceId}`, ...membership(workspaceId, filter, joined)];
    if (match) conditions.push(match.condition);
    const score = scoreOf(filter, joined);
    if (filter.minScore !== undefined) conditions.push(sql`${score} >= ${filter.minScore}`);
    if (filter.maxScore !== undefined) conditions.push(sql`${score} <= ${filter.maxScore}`);
    let { sort, limit } = filter;
    if (match?.ranksHere && sort === "relevance") {
      if (searchWords(filter.text).length > 0) return this.rankedWindow(from, conditions, filter);
      // Names only: every lead of the window matches in the same fields, so relevance is the
      // window's own newest-first order, and only the page's rows need reading.
      if (filter.offset >= RELEVANCE_WINDOW) return [];
      sort = "newest";
      limit = Math.min(limit, RELEVANCE_WINDOW - filter.offset);
    }
    const query = sql<LeadRow>`select l.* from ${from} where ${sql.join(conditions, sql` and `)}
      order by ${orderBy(sort, match, newestKey, score)} limit ${limit} offset ${filter.offset}`;
    return (await query.execute(this.db)).rows;
  }

  /**
   * Relevance over the RELEVANCE_WINDOW newest matches: the window's searched fields in one
   * statement, ranked here by the field each word was found in, then the page's rows. FTS5's bm25
   * weighs each term by first counting every document that holds it, which cost most of a search
   * over a million leads (docs/decisions/0019-search-relevance-by-field.md).
   */
  private async rankedWindow(from: RawBuilder<unknown>, conditions: RawBuilder<unknown>[], filter: LeadSearchFilter): Promise<LeadRow[]> {
    const window = await sql<WindowRow>`select l.id, l.full_name, l.company, l.job_title, l.headline from ${from}
      where ${sql.join(conditions, sql` and `)} order by leads_fts.rowid desc limit ${RELEVANCE_WINDOW}`.execute(this.db);
    const page = rankByField(window.rows, searchWords(filter.text)).slice(filter.offset, filter.offset + filter.limit);
    if (page.length === 0) return [];
    const rows = await this.db.selectFrom("leads").selectAll().where("id", "in", page).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return page.flatMap((id) => byId.get(id) ?? []);
  }
}

type WindowRow = Pick<LeadRow, "id" | "full_name" | "company" | "job_title" | "headline">;

/** How much a word found in each field counts toward relevance: the name first, the headline last. */
const FIELD_WEIGHTS = [
  ["full_name", 10],
  ["company", 3],
  ["job_title", 3],
  ["headline", 1],
] as const;

/** Lower-cased and without accents, as the search index tokenizes (`unicode61 remove_diacritics 2`). */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The window's ids, most relevant first: each query word adds the weight of the strongest field
 * holding a word it starts; ties go to the newest lead. (first_name and last_name words match
 * their own field in every row of the window, so they add the same to each and are left out.)
 */
function rankByField(rows: readonly WindowRow[], words: readonly string[]): string[] {
  const folded = words.map(fold);
  const scored = rows.map((row) => {
    const fields = FIELD_WEIGHTS.map(([field, weight]) => [fold(row[field] ?? "").split(/[^\p{L}\p{N}]+/u), weight] as const);
    let score = 0;
    for (const word of folded) {
      let best = 0;
      for (const [tokens, weight] of fields) if (weight > best && tokens.some((t) => t.startsWith(word))) best = weight;
      score += best;
    }
    return { id: row.id, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return scored.map((s) => s.id);
}
