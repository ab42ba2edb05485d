// scoring.feedback.create — spec/commands/scoring.feedback.create.json
import type { Ctx, In, Out } from "../context.js";
import { loadLead } from "../leads/view.js";
import { feedbackChange } from "./feedback-rules.js";
import { activateDefinition, definitionOf } from "./profile.js";

const NOT_APPLICABLE_HINT =
  "This feedback was kept for a person but changed nothing: no rule could be read from it. To change scoring, write rules in the message " +
  '(+3 "head of sales", -2 "intern", threshold 60) or send a lead_id with verdict good_fit or bad_fit (the lead needs a job title); ' +
  "or set patterns, weights and the threshold directly with scoring.profile.update.";

export async function createScoringFeedback(input: In<"scoring.feedback.create">, ctx: Ctx): Promise<Out<"scoring.feedback.create">> {
  const ws = ctx.principal.workspaceId;
  const lead = input.lead_id === undefined ? undefined : await loadLead(ctx, input.lead_id);
  if (lead && input.verdict === undefined)
    ctx.warn("lead_id without verdict only records which lead the feedback is about; add verdict good_fit or bad_fit to learn from it");
  if (input.verdict !== undefined && !lead) ctx.warn("verdict without lead_id is ignored; name the lead it is about");
  const active = await ctx.repos.scoringProfiles.active(ws);
  const change = feedbackChange(definitionOf(active), input, lead);
  const id = ctx.ids.next("fbk");
  const base = { id, workspace_id: ws, message: input.message, input_json: JSON.stringify(input), created_at: ctx.now };
  if (!change) {
    await ctx.repos.scoringProfiles.addFeedback({ ...base, status: "failed", profile_version: active?.version ?? 0, hint: NOT_APPLICABLE_HINT });
    ctx.warn(NOT_APPLICABLE_HINT);
    return { feedback_id: id, status: "failed", profile_version: active?.version ?? 0, rescore_queued: false };
  }
  const activation = await activateDefinition(ctx, change.definition, { pathPrefix: "" });
  await ctx.repos.scoringProfiles.addFeedback({ ...base, status: "applied", profile_version: activation.row.version, hint: null });
  ctx.logger.info("scoring feedback applied", { feedback_id: id, version: activation.row.version, rules: change.rules });
  return { feedback_id: id, status: "applied", profile_version: activation.row.version, rescore_queued: true };
}
