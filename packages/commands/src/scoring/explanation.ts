// A stored score, explained for a person. Breakdowns are not stored (docs/decisions/0018): the
// score is a pure function of the lead, the mission's offer, the import and an immutable profile
// version, so the breakdown is computed again here from the version that produced the stored score,
// and checked against it.
import { explainScore, scoreLead, type CompiledProfile } from "@salestouch/scoring";
import type { Repositories } from "@salestouch/store";
import { compiledFrom, subjectOf } from "./score-links.js";

/** The explanation of the lead's score in each of its missions (by mission id); versions are read once each. */
export async function explainStored(repos: Repositories, workspaceId: string, leadId: string): Promise<Map<string, string[]>> {
  const versions = new Map<number, CompiledProfile | undefined>();
  const out = new Map<string, string[]>();
  for (const row of await repos.scores.subjects(workspaceId, [leadId])) {
    if (row.score === null || row.score_version === null) continue;
    if (!versions.has(row.score_version)) {
      const found = await repos.scoringProfiles.version(workspaceId, row.score_version);
      versions.set(row.score_version, found ? compiledFrom(found) : undefined);
    }
    const profile = versions.get(row.score_version);
    if (!profile) continue;
    const subject = subjectOf(row);
    const { score, breakdown } = scoreLead(profile, subject);
    const lines = explainScore(score, profile.version, profile.definition, breakdown, subject);
    if (score !== row.score) {
      lines.unshift(
        `stored score ${row.score} differs from what profile version ${profile.version} gives this lead now (${score}): ` +
          "the lead, its mission's offer or its import changed after it was scored; lead.rescore brings it up to date",
      );
    }
    out.set(row.mission_id, lines);
  }
  return out;
}
