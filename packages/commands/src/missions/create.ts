// mission.create — spec/commands/mission.create.json
import type { Ctx, In, Out } from "../context.js";
import { cleanText } from "../context.js";
import { checkOfferLink, missionView } from "./view.js";

export async function createMission(input: In<"mission.create">, ctx: Ctx): Promise<Out<"mission.create">> {
  const offer = await checkOfferLink(ctx, input.offer_id);
  const row = {
    id: ctx.ids.next("mis"),
    workspace_id: ctx.principal.workspaceId,
    name: input.name.trim(),
    status: "active",
    description: cleanText(input.description) ?? null,
    target_audience: cleanText(input.target_audience) ?? null,
    desired_action: cleanText(input.desired_action) ?? null,
    cta_url: input.cta_url ?? null,
    tone_instructions: cleanText(input.tone_instructions) ?? null,
    example_messages_json: JSON.stringify(input.example_messages ?? []),
    offer_id: input.offer_id ?? null,
    created_at: ctx.now,
    updated_at: ctx.now,
  } as const;
  await ctx.repos.missions.insert(row);
  // Nothing can link to a mission before its transaction commits: no leads, no imports yet.
  return { mission: missionView(row, offer, { leads: 0, contacted: 0, replied: 0 }, []) };
}
