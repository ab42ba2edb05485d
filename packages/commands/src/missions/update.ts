// mission.update — spec/commands/mission.update.json
import type { MissionPatch } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { cleanText } from "../context.js";
import { checkOfferLink, loadMission, loadMissionView } from "./view.js";

export async function updateMission(input: In<"mission.update">, ctx: Ctx): Promise<Out<"mission.update">> {
  await loadMission(ctx, input.mission_id);
  await checkOfferLink(ctx, input.offer_id);
  const patch: MissionPatch = { updated_at: ctx.now };
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.status !== undefined) patch.status = input.status;
  if (input.description !== undefined) patch.description = cleanText(input.description);
  if (input.target_audience !== undefined) patch.target_audience = cleanText(input.target_audience);
  if (input.desired_action !== undefined) patch.desired_action = cleanText(input.desired_action);
  if (input.cta_url !== undefined) patch.cta_url = input.cta_url;
  if (input.tone_instructions !== undefined) patch.tone_instructions = cleanText(input.tone_instructions);
  if (input.example_messages !== undefined) patch.example_messages_json = JSON.stringify(input.example_messages);
  if (input.offer_id !== undefined) patch.offer_id = input.offer_id;
  await ctx.repos.missions.update(ctx.principal.workspaceId, input.mission_id, patch);
  return loadMissionView(ctx, input.mission_id);
}
