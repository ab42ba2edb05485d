// lead.search — spec/commands/lead.search.json
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { searchItem } from "./view.js";

export async function searchLeads(input: In<"lead.search">, ctx: Ctx): Promise<Out<"lead.search">> {
  if (input.min_score !== undefined && input.max_score !== undefined && input.min_score > input.max_score) {
    ctx.warn(`min_score ${input.min_score} is above max_score ${input.max_score}: no lead can match`);
  }
  if (input.mission_id !== undefined) await loadMission(ctx, input.mission_id);
  // Once a scoring profile exists, a mission's leads are filtered and sorted by their score there.
  const missionScores = input.mission_id !== undefined && (await ctx.repos.scoringProfiles.active(ctx.principal.workspaceId)) !== undefined;
  const hasText = input.query !== undefined || input.first_name !== undefined || input.last_name !== undefined;
  const rows = await ctx.repos.leadSearch.search(ctx.principal.workspaceId, {
    text: input.query,
    firstName: input.first_name,
    lastName: input.last_name,
    missionId: input.mission_id,
    status: input.status,
    minScore: input.min_score,
    maxScore: input.max_score,
    missionScores,
    sort: input.sort ?? (hasText ? "relevance" : "newest"),
    limit: input.limit ?? 20,
    offset: input.offset ?? 0,
  });
  if (missionScores) {
    const scores = await ctx.repos.missionLeads.scoresIn(
      input.mission_id!,
      rows.map((r) => r.id),
    );
    return { leads: rows.map((r) => searchItem({ ...r, score: scores.get(r.id) ?? r.score })), count: rows.length };
  }
  return { leads: rows.map(searchItem), count: rows.length };
}
