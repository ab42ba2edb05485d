// scoring.profile.update — spec/commands/scoring.profile.update.json
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { activateDefinition, changedDefinition, conflictOnVersion, profileView } from "./profile.js";

export async function updateScoringProfile(input: In<"scoring.profile.update">, ctx: Ctx): Promise<Out<"scoring.profile.update">> {
  const { expected_version: expected, ...change } = input;
  if (Object.keys(change).length === 0) {
    throw new CommandError("invalid_input", "scoring.profile.update names nothing to change", {
      details: [{ path: "/", message: "send at least one of weights, patterns, company_size or threshold" }],
    });
  }
  const { definition, active } = await changedDefinition(ctx, change);
  conflictOnVersion(active, expected);
  const activation = await activateDefinition(ctx, definition, { pathPrefix: "" });
  return { profile: profileView(activation.row), previous_version: activation.previous, rescore_queued: true, rescore_job_id: activation.jobId };
}
