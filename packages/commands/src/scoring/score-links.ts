// Writing scores: every mission lead of some leads scored under one profile version, each lead's
// best score kept on the lead (lead.search without a mission), in the caller's transaction.
import { compileProfile, scoreOf, type CompiledProfile, type ScoringDefinition, type ScoringSubject } from "@salestouch/scoring";
import type { NewLead, Repositories, ScoreWrite, ScoringProfileRow, ScoringSubjectRow } from "@salestouch/store";

/** A stored mission lead as the score function reads it. */
export function subjectOf(row: ScoringSubjectRow): ScoringSubject {
  const signals =
    row.source_fit === null && row.intent_signal === null && row.freshness === null
      ? null
      : { source_fit: row.source_fit, intent_signal: row.intent_signal, freshness: row.freshness };
  return {
    jobTitle: row.job_title,
    headline: row.headline,
    fullName: row.full_name,
    company: row.company,
    email: row.email,
    linkedinUrl: row.linkedin_url,
    location: row.location,
    companySize: row.company_size,
    experienceJson: row.experience_json,
    status: row.status,
    offerId: row.offer_id,
    importId: row.import_id,
    signals,
  };
}

/** An import's signals as scoring reads them (null when none was given). */
export type ImportSignals = ScoringSubject["signals"];

/** A lead about to be created by an import, as scoring reads it: New in the import's mission. */
export function newLeadSubject(lead: NewLead, link: { offerId: string | null; importId: string; signals: ImportSignals }): ScoringSubject {
  return {
    jobTitle: lead.job_title ?? null,
    headline: lead.headline ?? null,
    fullName: lead.full_name ?? null,
    company: lead.company ?? null,
    email: lead.email ?? null,
    linkedinUrl: lead.linkedin_url ?? null,
    location: lead.location ?? null,
    companySize: lead.company_size ?? null,
    experienceJson: lead.experience_json ?? "[]",
    status: "New",
    offerId: link.offerId,
    importId: link.importId,
    signals: link.signals,
  };
}

/**
 * Versions compiled lately, kept across transactions (a rescoring job compiles its version once,
 * not once a batch, and keeps its lexical memo). A version never changes; the key holds its
 * definition anyway, so a different database reusing the ids cannot meet a stale entry.
 */
const compiled = new Map<string, CompiledProfile>();

export function compiledFrom(row: ScoringProfileRow): CompiledProfile {
  const key = `${row.workspace_id}\u0000${row.version}\u0000${row.definition_json}`;
  let profile = compiled.get(key);
  if (!profile) {
    profile = compileProfile(row.version, JSON.parse(row.definition_json) as ScoringDefinition);
    if (compiled.size >= 16) compiled.clear();
    compiled.set(key, profile);
  }
  return profile;
}

/** The workspace's active profile, compiled; undefined before any profile exists (scores are then left as given). */
export async function activeProfile(repos: Repositories, workspaceId: string): Promise<CompiledProfile | undefined> {
  const row = await repos.scoringProfiles.active(workspaceId, { forScoring: true });
  return row ? compiledFrom(row) : undefined;
}

export interface ScoredLink extends ScoreWrite {
  before: number | null;
  beforeVersion: number | null;
}

/** Scores of the subjects in `only` (all when absent), computed, not written; `fresh` receives each row's new score. */
export function scoreSubjects(
  profile: CompiledProfile,
  rows: readonly ScoringSubjectRow[],
  only?: (row: ScoringSubjectRow) => boolean,
  fresh?: Map<ScoringSubjectRow, number>,
): ScoredLink[] {
  const out: ScoredLink[] = [];
  for (const row of rows) {
    if (only && !only(row)) continue;
    const score = scoreOf(profile, subjectOf(row));
    fresh?.set(row, score);
    out.push({
      mission_id: row.mission_id,
      lead_id: row.lead_id,
      score,
      score_version: profile.version,
      before: row.score,
      beforeVersion: row.score_version,
    });
  }
  return out;
}

/**
 * Each lead's best score over its missions, the new scores taking the place of the stored ones;
 * only the leads whose best score moved. A lead's rows are consecutive (subjects orders them by lead).
 */
function bestScores(rows: readonly ScoringSubjectRow[], fresh: ReadonlyMap<ScoringSubjectRow, number>): { id: string; score: number }[] {
  const out: { id: string; score: number }[] = [];
  for (let i = 0; i < rows.length; ) {
    const first = rows[i]!;
    let best: number | null = null;
    for (; i < rows.length && rows[i]!.lead_id === first.lead_id; i++) {
      const score = fresh.get(rows[i]!) ?? rows[i]!.score;
      if (score !== null && (best === null || score > best)) best = score;
    }
    if (best !== null && best !== first.lead_score) out.push({ id: first.lead_id, score: best });
  }
  return out;
}

/** The scores that differ from what is stored (score or version): only those rows are written. */
export function changedOnly(scored: readonly ScoredLink[]): ScoredLink[] {
  return scored.filter((s) => s.before !== s.score || s.beforeVersion !== s.score_version);
}

/** A range read of a batch's leads is given up for `in` lists past this many links a lead (the leads are spread out). */
const RANGE_ROWS_PER_LEAD = 3;

/**
 * Scores the mission leads of `leadIds` (only those of `missionId` when given) and writes them;
 * returns what changed. Nothing happens without a profile. `consecutive`: the ids are in order and
 * mostly next to each other (a rescoring batch), so they are read as one range.
 */
export async function rescoreLeads(
  repos: Repositories,
  workspaceId: string,
  profile: CompiledProfile | undefined,
  leadIds: readonly string[],
  options: { missionId?: string | null; importId?: string | null; lock?: boolean; write?: boolean; consecutive?: boolean } = {},
): Promise<ScoredLink[]> {
  if (!profile || leadIds.length === 0) return [];
  const rows =
    (options.consecutive
      ? await repos.scores.subjectsBetween(
          workspaceId,
          { first: leadIds[0]!, last: leadIds[leadIds.length - 1]!, only: new Set(leadIds), maxRows: RANGE_ROWS_PER_LEAD * leadIds.length },
          { lock: options.lock },
        )
      : undefined) ?? (await repos.scores.subjects(workspaceId, leadIds, { lock: options.lock }));
  return rescoreRows(repos, profile, rows, options);
}

/**
 * Scores subject rows read with every mission of their leads (a lead's rows consecutive) and, unless
 * `write` is false, writes the scores that changed and each lead's best score; returns the scores
 * of the rows in `missionId`/`importId` (all when neither is given).
 */
export async function rescoreRows(
  repos: Repositories,
  profile: CompiledProfile,
  rows: readonly ScoringSubjectRow[],
  options: { missionId?: string | null; importId?: string | null; write?: boolean } = {},
): Promise<ScoredLink[]> {
  const fresh = new Map<ScoringSubjectRow, number>();
  const scored = scoreSubjects(
    profile,
    rows,
    (row) => (!options.missionId || row.mission_id === options.missionId) && (!options.importId || row.import_id === options.importId),
    fresh,
  );
  if (options.write !== false) {
    await repos.scores.write(changedOnly(scored));
    await repos.scores.writeLeadScores(bestScores(rows, fresh));
  }
  return scored;
}
