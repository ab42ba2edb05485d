// scoring.status.get — spec/commands/scoring.status.get.json
import type { ScoringJobRow } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { definitionOf } from "./profile.js";

const JOBS_LISTED = 10;

function jobView(job: ScoringJobRow): Out<"scoring.status.get">["jobs"][number] {
  return {
    job_id: job.id,
    status: job.status,
    profile_version: job.profile_version,
    mission_id: job.mission_id,
    import_id: job.import_id,
    leads_done: job.leads_done,
    created_at: job.created_at,
    updated_at: job.updated_at,
    finished_at: job.finished_at,
  };
}

export async function getScoringStatus(input: In<"scoring.status.get">, ctx: Ctx): Promise<Out<"scoring.status.get">> {
  const ws = ctx.principal.workspaceId;
  if (input.mission_id !== undefined) await loadMission(ctx, input.mission_id);
  const active = await ctx.repos.scoringProfiles.active(ws);
  const threshold = active ? definitionOf(active).threshold : null;
  // Jobs first, then counts: on PostgreSQL each read sees what had committed when it began, so a job
  // this answer shows as done had committed its last batch before the counts were taken.
  const jobs = await ctx.repos.scoringJobs.latest(ws, JOBS_LISTED);
  const counts = await ctx.repos.scores.counts({ workspaceId: ws, missionId: input.mission_id }, active?.version ?? null, threshold);
  return { profile_version: active?.version ?? null, threshold, mission_leads: counts, jobs: jobs.map(jobView) };
}
