// Writing scores: every mission lead of some leads scored under one profile version, each lead's
// best score kept on the lead (lead.search without a mission), in the caller's transaction.
import { compileProfile, scoreLead, type CompiledProfile, type ScoringDefinition, type ScoringSubject } from "@salestouch/scoring";
import type { NewLead, Repositories, ScoreWrite, ScoringProfileRow, ScoringSubjectRow } from "@salestouch/store";

function subjectOf(row: ScoringSubjectRow): ScoringSubject {
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

export function compiledFrom(row: ScoringProfileRow): CompiledProfile {
  return compileProfile(row.version, JSON.parse(row.definition_json) as ScoringDefinition);
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

/** Scores of the subjects in `only` (all when absent), computed, not written. */
export function scoreSubjects(
  profile: CompiledProfile,
  rows: readonly ScoringSubjectRow[],
  only?: (row: ScoringSubjectRow) => boolean,
): ScoredLink[] {
  const out: ScoredLink[] = [];
  for (const row of rows) {
    if (only && !only(row)) continue;
    const { score, breakdown } = scoreLead(profile, subjectOf(row));
    out.push({
      mission_id: row.mission_id,
      lead_id: row.lead_id,
      score,
      score_version: profile.version,
      score_breakdown: JSON.stringify(breakdown),
      before: row.score,
      beforeVersion: row.score_version,
    });
  }
  return out;
}

/** Each lead's best score over its missions, the new scores taking the place of the stored ones. */
function bestScores(rows: readonly ScoringSubjectRow[], scored: readonly ScoreWrite[]): { id: string; score: number }[] {
  const fresh = new Map(scored.map((s) => [`${s.mission_id} ${s.lead_id}`, s.score]));
  const best = new Map<string, { score: number; stored: number | null }>();
  for (const row of rows) {
    const score = fresh.get(`${row.mission_id} ${row.lead_id}`) ?? row.score;
    if (score === null) continue;
    const seen = best.get(row.lead_id);
    if (seen === undefined || score > seen.score) best.set(row.lead_id, { score, stored: row.lead_score });
  }
  // Only the leads whose best score moved are written.
  return [...best].filter(([, b]) => b.score !== b.stored).map(([id, b]) => ({ id, score: b.score }));
}

/** The scores that differ from what is stored (score, version or breakdown). */
export function changedOnly(scored: readonly ScoredLink[], rows: readonly ScoringSubjectRow[]): ScoredLink[] {
  const stored = new Map(rows.map((r) => [`${r.mission_id} ${r.lead_id}`, r.score_breakdown]));
  return scored.filter(
    (s) => s.before !== s.score || s.beforeVersion !== s.score_version || stored.get(`${s.mission_id} ${s.lead_id}`) !== s.score_breakdown,
  );
}

/**
 * Scores the mission leads of `leadIds` (only those of `missionId` when given) and writes them;
 * returns what changed. Nothing happens without a profile.
 */
export async function rescoreLeads(
  repos: Repositories,
  workspaceId: string,
  profile: CompiledProfile | undefined,
  leadIds: readonly string[],
  options: { missionId?: string | null; importId?: string | null; lock?: boolean; write?: boolean } = {},
): Promise<ScoredLink[]> {
  if (!profile || leadIds.length === 0) return [];
  const rows = await repos.scores.subjects(workspaceId, leadIds, { lock: options.lock });
  const scored = scoreSubjects(
    profile,
    rows,
    (row) => (!options.missionId || row.mission_id === options.missionId) && (!options.importId || row.import_id === options.importId),
  );
  if (options.write !== false) {
    await repos.scores.write(changedOnly(scored, rows));
    await repos.scores.writeLeadScores(bestScores(rows, scored));
  }
  return scored;
}
