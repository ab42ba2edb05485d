// scoring.profile.update — spec/commands/scoring.profile.update.json
import type { Ctx, In, Out } from "../context.js";
import { activateDefinition, changedDefinition, conflictOnVersion, profileView } from "./profile.js";

export async function updateScoringProfile(input: In<"scoring.profile.update">, ctx: Ctx): Promise<Out<"scoring.profile.update">> {
  // Nothing to change activates the same definition again (the defaults when no profile exists yet).
  const { expected_version: expected, ...change } = input;
  const { definition, active } = await changedDefinition(ctx, change);
  conflictOnVersion(active, expected);
  const activation = await activateDefinition(ctx, definition, { pathPrefix: "" });
  return { profile: profileView(activation.row), previous_version: activation.previous, rescore_queued: true, rescore_job_id: activation.jobId };
}
