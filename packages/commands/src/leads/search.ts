// lead.search — spec/commands/lead.search.json
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { searchItem } from "./view.js";

export async function searchLeads(input: In<"lead.search">, ctx: Ctx): Promise<Out<"lead.search">> {
  if (input.min_score !== undefined && input.max_score !== undefined && input.min_score > input.max_score) {
    ctx.warn(`min_score ${input.min_score} is above max_score ${input.max_score}: no lead can match`);
  }
  if (input.mission_id !== undefined) await loadMission(ctx, input.mission_id);
  const hasText = input.query !== undefined || input.first_name !== undefined || input.last_name !== undefined;
  const rows = await ctx.repos.leadSearch.search(ctx.principal.workspaceId, {
    text: input.query,
    firstName: input.first_name,
    lastName: input.last_name,
    missionId: input.mission_id,
    status: input.status,
    minScore: input.min_score,
    maxScore: input.max_score,
    sort: input.sort ?? (hasText ? "relevance" : "newest"),
    limit: input.limit ?? 20,
    offset: input.offset ?? 0,
  });
  return { leads: rows.map(searchItem), count: rows.length };
}
