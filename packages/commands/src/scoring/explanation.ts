// A stored score, explained for a person: its breakdown read against the version that produced it.
import { explainScore, type Breakdown } from "@salestouch/scoring";
import type { Repositories, ScoringProfileRow } from "@salestouch/store";
import { definitionOf } from "./profile.js";

export interface StoredScore {
  mission_id: string;
  score: number | null;
  score_version: number | null;
  score_breakdown: string | null;
  status: string;
}

/** Explains each stored score; versions are read once each. */
export async function explainStored(
  repos: Repositories,
  workspaceId: string,
  scores: readonly StoredScore[],
  context: (s: StoredScore) => { companySize: string | null; offerId: string | null },
): Promise<Map<string, string[]>> {
  const versions = new Map<number, ScoringProfileRow | undefined>();
  const out = new Map<string, string[]>();
  for (const s of scores) {
    if (s.score === null || s.score_version === null || s.score_breakdown === null) continue;
    if (!versions.has(s.score_version)) versions.set(s.score_version, await repos.scoringProfiles.version(workspaceId, s.score_version));
    const row = versions.get(s.score_version);
    if (!row) continue;
    out.set(
      s.mission_id,
      explainScore(s.score, s.score_version, definitionOf(row), JSON.parse(s.score_breakdown) as Breakdown, { status: s.status, ...context(s) }),
    );
  }
  return out;
}
