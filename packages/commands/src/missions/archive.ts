// mission.archive — spec/commands/mission.archive.json
import type { Ctx, In, Out } from "../context.js";
import { loadMission, loadMissionView } from "./view.js";

export async function archiveMission(input: In<"mission.archive">, ctx: Ctx): Promise<Out<"mission.archive">> {
  const mission = await loadMission(ctx, input.mission_id);
  if (mission.status !== "archived") {
    await ctx.repos.missions.update(ctx.principal.workspaceId, mission.id, { status: "archived", updated_at: ctx.now });
  } else {
    ctx.warn(`mission ${mission.id} was already archived; nothing changed`);
  }
  return loadMissionView(ctx, mission.id);
}
