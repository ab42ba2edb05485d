// lead.rescore — spec/commands/lead.rescore.json
import { CommandError, notFound } from "@salestouch/runtime";
import type { ScoreScope } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { activeProfile, changedOnly, rescoreLeads, scoreSubjects } from "../scoring/score-links.js";

/** A dry run scores at most this many mission leads; the sample lists at most SAMPLE of the changes. */
const DRY_RUN_LIMIT = 10_000;
const SAMPLE = 20;

/** Every scope given narrows the set: a mission's, an import's (within its mission), and lead_ids among them. */
async function scopeOf(input: In<"lead.rescore">, ctx: Ctx): Promise<ScoreScope> {
  const scope: ScoreScope = { workspaceId: ctx.principal.workspaceId };
  if (input.mission_id !== undefined) scope.missionId = (await loadMission(ctx, input.mission_id)).id;
  if (input.import_id !== undefined) {
    const found = await ctx.repos.imports.get(scope.workspaceId, input.import_id);
    if (!found) throw notFound("import", input.import_id, "import.list");
    scope.missionId ??= found.mission_id;
    scope.importId = found.id;
  }
  return scope;
}

export async function rescoreLeadsCommand(input: In<"lead.rescore">, ctx: Ctx): Promise<Out<"lead.rescore">> {
  const ws = ctx.principal.workspaceId;
  const scope = await scopeOf(input, ctx);
  const profile = await activeProfile(ctx.repos, ws);
  if (!profile) {
    throw new CommandError("conflict", "this workspace has no scoring profile yet, so there is nothing to score with", {
      hint: "Create one with scoring.profile.update (patterns, weights, threshold); leads are scored as soon as it exists.",
    });
  }
  const dryRun = input.dry_run ?? false;
  const leadIds = input.lead_ids ?? (dryRun ? await ctx.repos.scores.leadIdsInScope(scope, DRY_RUN_LIMIT) : undefined);
  const within = (r: { mission_id: string; import_id: string | null }) =>
    (!scope.missionId || r.mission_id === scope.missionId) && (!scope.importId || r.import_id === scope.importId);
  const inScope = input.lead_ids
    ? (await ctx.repos.scores.subjects(ws, input.lead_ids)).filter(within).length
    : await ctx.repos.scores.countInScope(scope);
  if (leadIds) {
    const rows = await ctx.repos.scores.subjects(ws, leadIds);
    const inScopeRows = rows.filter(within);
    const scored = scoreSubjects(profile, inScopeRows.slice(0, DRY_RUN_LIMIT));
    const changed = changedOnly(scored);
    if (!dryRun) await rescoreLeads(ctx.repos, ws, profile, leadIds, { missionId: scope.missionId ?? null, importId: scope.importId ?? null });
    return {
      dry_run: dryRun,
      profile_version: profile.version,
      in_scope: inScope,
      examined: scored.length,
      changed: changed.length,
      sample: changed.slice(0, SAMPLE).map((s) => ({ lead_id: s.lead_id, mission_id: s.mission_id, score_before: s.before, score_after: s.score })),
      rescore_queued: false,
      job_id: null,
    };
  }
  const jobId = ctx.ids.next("job");
  await ctx.repos.scoringJobs.insert({
    id: jobId,
    workspace_id: ws,
    profile_version: profile.version,
    mission_id: scope.missionId ?? null,
    import_id: scope.importId ?? null,
    force: 1,
    status: "queued",
    cursor: "",
    leads_done: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    finished_at: null,
  });
  return {
    dry_run: false,
    profile_version: profile.version,
    in_scope: inScope,
    examined: 0,
    changed: 0,
    sample: [],
    rescore_queued: true,
    job_id: jobId,
  };
}
