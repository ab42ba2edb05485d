// mission.get — spec/commands/mission.get.json
import type { Ctx, In, Out } from "../context.js";
import { loadMissionView } from "./view.js";

export function getMission(input: In<"mission.get">, ctx: Ctx): Promise<Out<"mission.get">> {
  return loadMissionView(ctx, input.mission_id);
}
