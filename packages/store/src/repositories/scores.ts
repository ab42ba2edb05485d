// Scores of leads in missions: what scoring reads about each mission lead, and the batched writes
// of scores (mission_leads) and of each lead's best score (leads.score, which lead.search uses
// when no mission is named).
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../schema.js";
import { ARRAY_ROWS } from "../dialects/array-rows.js";
import { bulkUpdate } from "./bulk-update.js";
import { inLists } from "./in-lists.js";

/** One lead in one mission, with what its score depends on. */
export interface ScoringSubjectRow {
  mission_id: string;
  lead_id: string;
  import_id: string | null;
  status: string;
  score: number | null;
  score_version: number | null;
  /** The lead's best score as stored (leads.score). */
  lead_score: number | null;
  offer_id: string | null;
  job_title: string | null;
  headline: string | null;
  full_name: string | null;
  company: string | null;
  email: string | null;
  linkedin_url: string | null;
  location: string | null;
  company_size: string | null;
  /**
   * "[]" or "" when the lead has no experience, else "[...]": scoring only asks whether there is
   * some, so the JSON itself is not read. ASCII on purpose: one other character in the binaries'
   * bundles makes their launcher decode two megabytes as UTF-8 on every start (packages/launch).
   */
  experience_json: string;
  source_fit: number | null;
  intent_signal: number | null;
  freshness: number | null;
}

export interface ScoreWrite {
  mission_id: string;
  lead_id: string;
  score: number;
  score_version: number;
}

/** Which mission leads: a workspace's, a mission's, or an import's (within its mission). */
export interface ScoreScope {
  workspaceId: string;
  missionId?: string | null;
  importId?: string | null;
}

export interface ScoreCounts {
  total: number;
  current: number;
  older: number;
  unscored: number;
  qualified: number;
}

const LINK_SCORES = {
  table: "mission_leads",
  keys: [
    ["mission_id", "text"],
    ["lead_id", "text"],
  ],
  set: [
    ["score", "double precision"],
    ["score_version", "integer"],
  ],
} as const;
const LEAD_SCORES = { table: "leads", keys: [["id", "text"]], set: [["score", "double precision"]] } as const;

/**
 * What a subject row is read with: the link, and the lead's fields scoring reads. The offer and the
 * signals are set after (fillContext); columns of constant nulls would cost as much to receive as
 * real ones. On SQLite the rows come as arrays (ARRAY_ROWS) and `subjectOf` makes the objects,
 * so the column order here and there is one.
 */
const SUBJECT_COLUMNS = sql`ml.mission_id, ml.lead_id, ml.import_id, ml.status, ml.score, ml.score_version, l.score as lead_score,
  l.job_title, l.headline, l.full_name, l.company, l.email, l.linkedin_url, l.location, l.company_size,
  case when l.experience_json in ('[]', '') then l.experience_json else '[...]' end as experience_json`;
const SELECT_SUBJECTS = sql.raw(`${ARRAY_ROWS}select`);

type SubjectValues = [
  string,
  string,
  string | null,
  string,
  number | null,
  number | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

/** A subject row as read: an array of SUBJECT_COLUMNS on SQLite, an object on PostgreSQL (offer and signals still unset). */
function subjectOf(read: SubjectValues | ScoringSubjectRow): ScoringSubjectRow {
  if (!Array.isArray(read)) return read;
  return {
    mission_id: read[0],
    lead_id: read[1],
    import_id: read[2],
    status: read[3],
    score: read[4],
    score_version: read[5],
    lead_score: read[6],
    offer_id: null,
    job_title: read[7],
    headline: read[8],
    full_name: read[9],
    company: read[10],
    email: read[11],
    linkedin_url: read[12],
    location: read[13],
    company_size: read[14],
    experience_json: read[15],
    source_fit: null,
    intent_signal: null,
    freshness: null,
  };
}

/** A mission lead's version, as a window of the scope reads it. */
interface VersionRow {
  lead_id: string;
  score_version: number | null;
}

function scopeConditions(scope: ScoreScope): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [sql`ml.workspace_id = ${scope.workspaceId}`];
  if (scope.missionId) out.push(sql`ml.mission_id = ${scope.missionId}`);
  if (scope.importId) out.push(sql`ml.import_id = ${scope.importId}`);
  return out;
}

export class ScoreRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: "sqlite" | "postgres" = "sqlite",
  ) {}

  /**
   * Every mission lead of these leads (all their missions), with lead, offer and import fields.
   * `lock` (PostgreSQL): the rows stay locked until the transaction ends, so a concurrent write to
   * one of these leads either commits first (and is read here) or waits for these scores.
   * The links are read joined with their leads only; the few missions' offers and imports'
   * signals a batch meets are read once each and filled in (a join per link cost a lookup each).
   */
  async subjects(workspaceId: string, leadIds: readonly string[], options: { lock?: boolean } = {}): Promise<ScoringSubjectRow[]> {
    const out = await this.subjectsOf(workspaceId, leadIds, options);
    await this.fillContext(out);
    return out;
  }

  /** `subjects` without their offers and signals. */
  private async subjectsOf(workspaceId: string, leadIds: readonly string[], options: { lock?: boolean }): Promise<ScoringSubjectRow[]> {
    const out: ScoringSubjectRow[] = [];
    const lock = options.lock && this.dialect === "postgres" ? sql` for update of ml, l` : sql``;
    for (const chunk of inLists(leadIds)) {
      const result = await sql<SubjectValues>`${SELECT_SUBJECTS} ${SUBJECT_COLUMNS} from mission_leads ml join leads l on l.id = ml.lead_id
        where ml.workspace_id = ${workspaceId} and ml.lead_id in (${sql.join(chunk)})
        order by ml.lead_id, ml.mission_id${lock}`.execute(this.db);
      for (const row of result.rows) out.push(subjectOf(row));
    }
    return out;
  }

  /**
   * The same as `subjects` for the leads `first` to `last` (ids in order, both included), read as
   * one range of the lead index instead of `in` lists — a rescoring batch's leads are consecutive
   * ids, mostly — and only those in `only`. Undefined when the range holds more than `maxRows`
   * links (the batch's leads are spread out): the caller reads them by id instead.
   */
  async subjectsBetween(
    workspaceId: string,
    range: { first: string; last: string; only: ReadonlySet<string>; maxRows: number },
    options: { lock?: boolean } = {},
  ): Promise<ScoringSubjectRow[] | undefined> {
    const lock = options.lock && this.dialect === "postgres" ? sql` for update of ml, l` : sql``;
    const result = await sql<SubjectValues>`${SELECT_SUBJECTS} ${SUBJECT_COLUMNS} from mission_leads ml join leads l on l.id = ml.lead_id
      where ml.workspace_id = ${workspaceId} and ml.lead_id >= ${range.first} and ml.lead_id <= ${range.last}
      order by ${this.byLead()} limit ${range.maxRows + 1}${lock}`.execute(this.db);
    if (result.rows.length > range.maxRows) return undefined;
    const out: ScoringSubjectRow[] = [];
    for (const read of result.rows) {
      const row = subjectOf(read);
      if (range.only.has(row.lead_id)) out.push(row);
    }
    await this.fillContext(out);
    return out;
  }

  /**
   * The first pass of a workspace-wide job: the links of the leads after `after`, in lead order, read
   * as one plain range of the lead index (no search for the leads that need it first), at most
   * `maxLinks` links and only whole leads. `rows` keeps the leads with a link not yet scored by
   * `version` (every lead read when `force`); `last` is the last lead read, whole, whether kept or
   * not (undefined at the end of the range: nothing was read).
   */
  async subjectsAfter(
    workspaceId: string,
    range: { after: string; maxLinks: number; version: number; force: boolean },
    options: { lock?: boolean } = {},
  ): Promise<{ rows: ScoringSubjectRow[]; last: string | undefined }> {
    const lock = options.lock && this.dialect === "postgres" ? sql` for update of ml, l` : sql``;
    // One link more than wanted: when it comes, the last lead read may have more links past the limit.
    const limit = Math.max(1, range.maxLinks) + 1;
    const result = await sql<SubjectValues>`${SELECT_SUBJECTS} ${SUBJECT_COLUMNS} from mission_leads ml join leads l on l.id = ml.lead_id
      where ml.workspace_id = ${workspaceId} and ml.lead_id > ${range.after}
      order by ${this.byLead()} limit ${limit}${lock}`.execute(this.db);
    let read = result.rows.map(subjectOf);
    if (read.length === 0) return { rows: [], last: undefined };
    if (read.length === limit) {
      // The last lead is left to the next batch, unless it is the only one.
      const lastId = read[read.length - 1]!.lead_id;
      const whole = read.filter((row) => row.lead_id !== lastId);
      read = whole.length > 0 ? whole : await this.subjectsOf(workspaceId, [lastId], options);
    }
    const last = read[read.length - 1]!.lead_id;
    let rows = read;
    if (!range.force) {
      const stale = new Set<string>();
      for (const row of read) if (row.score_version !== range.version) stale.add(row.lead_id);
      rows = read.filter((row) => stale.has(row.lead_id));
    }
    await this.fillContext(rows);
    return { rows, last };
  }

  /**
   * The order of a range read: by lead, so a lead's links are consecutive. SQLite walks the lead
   * index in that order (a lead's links by row id) and needs nothing more; sorting them by mission
   * too cost a temporary B-tree, about a third of reading a batch. PostgreSQL locks the rows it
   * reads, so there the order is total (every locker takes a lead's links in the same order).
   */
  private byLead(): RawBuilder<unknown> {
    return this.dialect === "postgres" ? sql`ml.lead_id, ml.mission_id` : sql`ml.lead_id`;
  }

  /** Sets each row's offer (from its mission) and signals (from its import). */
  private async fillContext(rows: ScoringSubjectRow[]): Promise<void> {
    if (rows.length === 0) return;
    const missionIds = new Set<string>();
    const importIds = new Set<string>();
    for (const row of rows) {
      missionIds.add(row.mission_id);
      if (row.import_id !== null) importIds.add(row.import_id);
    }
    const offers = new Map<string, string | null>();
    for (const chunk of inLists([...missionIds])) {
      const found = await this.db.selectFrom("missions").select(["id", "offer_id"]).where("id", "in", chunk).execute();
      for (const m of found) offers.set(m.id, m.offer_id);
    }
    type Signals = Pick<ScoringSubjectRow, "source_fit" | "intent_signal" | "freshness">;
    const signals = new Map<string, Signals>();
    for (const chunk of inLists([...importIds])) {
      const found = await this.db.selectFrom("imports").select(["id", "source_fit", "intent_signal", "freshness"]).where("id", "in", chunk).execute();
      for (const i of found) signals.set(i.id, i);
    }
    for (const row of rows) {
      row.offer_id = offers.get(row.mission_id) ?? null;
      const given = row.import_id === null ? undefined : signals.get(row.import_id);
      row.source_fit = given?.source_fit ?? null;
      row.intent_signal = given?.intent_signal ?? null;
      row.freshness = given?.freshness ?? null;
    }
  }

  /**
   * A window of the scope's mission leads after `after`, in lead order: at most `links` links and
   * whole leads only (a lead with more links than the window is read alone). `leadIds`: the window's
   * leads with a link not yet under `version` (all of them when `force`), in order; `last`: the
   * window's last lead (undefined at the end of the range: nothing was read). Two narrow columns a
   * link, so a scope of any size is walked a window at a time: one statement looking for the few
   * leads under another version among a million links held the event loop for 130 ms.
   */
  async staleInWindow(
    scope: ScoreScope,
    window: { after: string; links: number; version: number; force: boolean },
  ): Promise<{ leadIds: string[]; last: string | undefined }> {
    const limit = Math.max(1, window.links) + 1;
    const conditions = [...scopeConditions(scope), sql`ml.lead_id > ${window.after}`];
    const read = await sql<VersionRow>`select ml.lead_id, ml.score_version from mission_leads ml
      where ${sql.join(conditions, sql` and `)} order by ml.lead_id limit ${limit}`.execute(this.db);
    let rows = read.rows;
    if (rows.length === 0) return { leadIds: [], last: undefined };
    if (rows.length === limit) {
      // The last lead may have more links past the limit: it is left to the next window, unless it is the only one.
      const lastId = rows[rows.length - 1]!.lead_id;
      const whole = rows.filter((row) => row.lead_id !== lastId);
      rows =
        whole.length > 0
          ? whole
          : (
              await sql<VersionRow>`select ml.lead_id, ml.score_version from mission_leads ml
                where ${sql.join([...scopeConditions(scope), sql`ml.lead_id = ${lastId}`], sql` and `)}`.execute(this.db)
            ).rows;
    }
    const leadIds: string[] = [];
    for (const row of rows) {
      if (!window.force && row.score_version === window.version) continue;
      if (leadIds[leadIds.length - 1] !== row.lead_id) leadIds.push(row.lead_id);
    }
    return { leadIds, last: rows[rows.length - 1]!.lead_id };
  }

  /** The first `limit` lead ids of the scope's mission leads, in order (for dry runs). */
  async leadIdsInScope(scope: ScoreScope, limit: number): Promise<string[]> {
    const result = await sql<{ lead_id: string }>`select distinct ml.lead_id from mission_leads ml
      where ${sql.join(scopeConditions(scope), sql` and `)} order by ml.lead_id limit ${limit}`.execute(this.db);
    return result.rows.map((r) => r.lead_id);
  }

  async write(rows: readonly ScoreWrite[]): Promise<void> {
    if (rows.length > 0) await bulkUpdate(this.db, LINK_SCORES, rows as unknown as Record<string, unknown>[]);
  }

  /** Sets each lead's best score (across its missions). */
  async writeLeadScores(rows: readonly { id: string; score: number }[]): Promise<void> {
    if (rows.length > 0) await bulkUpdate(this.db, LEAD_SCORES, rows as unknown as Record<string, unknown>[]);
  }

  /** How many mission leads of the scope are scored under `version`, an older one, or not at all. */
  async counts(scope: ScoreScope, version: number | null, threshold: number | null): Promise<ScoreCounts> {
    const v = version ?? -1;
    const t = threshold ?? 101;
    const result = await sql<Record<keyof ScoreCounts, number | string | null>>`select count(*) as total,
        sum(case when ml.score_version = ${v} then 1 else 0 end) as current,
        sum(case when ml.score_version is not null and ml.score_version <> ${v} then 1 else 0 end) as older,
        sum(case when ml.score_version is null then 1 else 0 end) as unscored,
        sum(case when ml.score_version = ${v} and ml.score >= ${t} then 1 else 0 end) as qualified
      from mission_leads ml where ${sql.join(scopeConditions(scope), sql` and `)}`.execute(this.db);
    const row = result.rows[0]!;
    return {
      total: Number(row.total ?? 0),
      current: Number(row.current ?? 0),
      older: Number(row.older ?? 0),
      unscored: Number(row.unscored ?? 0),
      qualified: Number(row.qualified ?? 0),
    };
  }

  /** How many mission leads the scope holds. */
  async countInScope(scope: ScoreScope): Promise<number> {
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from mission_leads ml where ${sql.join(scopeConditions(scope), sql` and `)}`.execute(this.db);
    return Number(result.rows[0]?.n ?? 0);
  }
}
