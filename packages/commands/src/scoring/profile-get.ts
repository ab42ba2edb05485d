// scoring.profile.get — spec/commands/scoring.profile.get.json
import type { Ctx, In, Out } from "../context.js";
import { profileView } from "./profile.js";

export async function getScoringProfile(_input: In<"scoring.profile.get">, ctx: Ctx): Promise<Out<"scoring.profile.get">> {
  const active = await ctx.repos.scoringProfiles.active(ctx.principal.workspaceId);
  return { initialized: active !== undefined, profile: active ? profileView(active) : null };
}
