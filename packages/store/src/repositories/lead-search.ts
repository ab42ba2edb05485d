// lead.search's query. Filters and sorting are plain SQL; the word match is the one part written
// per dialect: FTS5 on SQLite, the weighted tsvector (GIN) on PostgreSQL (migration 0002).
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
  sort: LeadSort;
  limit: number;
  offset: number;
}

/** The words a search text is made of: letters and digits, lower-cased. Empty when there are none. */
export function searchWords(text: string | undefined): string[] {
  return text === undefined ? [] : [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
}

/** How one dialect matches words: the rows to search, the condition, and the relevance order. */
interface WordMatch {
  from: RawBuilder<unknown>;
  condition: RawBuilder<unknown>;
  relevance: RawBuilder<unknown>;
}

/** `{columns} : ("w1"* AND "w2"*)`: every word must start a word of one of the columns. */
function sqliteMatch(filter: LeadSearchFilter): WordMatch | undefined {
  const part = (columns: string, text: string | undefined) => {
    const words = searchWords(text);
    return words.length === 0 ? [] : [`{${columns}} : (${words.map((w) => `"${w}"*`).join(" AND ")})`];
  };
  const parts = [...part("full_name company job_title headline", filter.text), ...part("first_name", filter.firstName), ...part("last_name", filter.lastName)];
  if (parts.length === 0) return undefined;
  return {
    from: sql`leads_fts join lead_search_docs d on d.doc_id = leads_fts.rowid join leads l on l.id = d.lead_id`,
    condition: sql`leads_fts match ${parts.join(" AND ")}`,
    relevance: sql`bm25(leads_fts, 10.0, 5.0, 5.0, 3.0, 3.0, 1.0)`,
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
  return { from: sql`leads l`, condition: sql`l.search_vector @@ ${query}`, relevance: sql`ts_rank(l.search_vector, ${query}) desc` };
}

function orderBy(sort: LeadSort, match: WordMatch | undefined): RawBuilder<unknown> {
  // NULL ordering differs between dialects, so unknown scores and names are sorted last explicitly.
  switch (sort) {
    case "relevance":
      return match ? sql`${match.relevance}, l.id desc` : sql`l.id desc`;
    case "score":
      return sql`(l.score is null), l.score desc, l.id desc`;
    case "name":
      return sql`(l.full_name is null), l.full_name, l.id desc`;
    case "newest":
      return sql`l.id desc`;
  }
}

export class LeadSearchRepository {
  constructor(private readonly db: Kysely<Database>, private readonly dialect: "sqlite" | "postgres" = "sqlite") {}

  async search(workspaceId: string, filter: LeadSearchFilter): Promise<LeadRow[]> {
    const match = this.dialect === "sqlite" ? sqliteMatch(filter) : postgresMatch(filter);
    const conditions: RawBuilder<unknown>[] = [sql`l.workspace_id = ${workspaceId}`];
    if (match) conditions.push(match.condition);
    if (filter.missionId !== undefined) {
      const status = filter.status === undefined ? sql`` : sql` and ml.status = ${filter.status}`;
      conditions.push(sql`exists (select 1 from mission_leads ml where ml.lead_id = l.id and ml.mission_id = ${filter.missionId}${status})`);
    } else if (filter.status !== undefined) {
      conditions.push(sql`exists (select 1 from mission_leads ml where ml.lead_id = l.id and ml.status = ${filter.status})`);
    }
    if (filter.minScore !== undefined) conditions.push(sql`l.score >= ${filter.minScore}`);
    if (filter.maxScore !== undefined) conditions.push(sql`l.score <= ${filter.maxScore}`);
    const query = sql<LeadRow>`select l.* from ${match?.from ?? sql`leads l`} where ${sql.join(conditions, sql` and `)}
      order by ${orderBy(filter.sort, match)} limit ${filter.limit} offset ${filter.offset}`;
    return (await query.execute(this.db)).rows;
  }
}
