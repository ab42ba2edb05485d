// One batch of a background rescoring job, run by the host's job worker in a transaction of its
// own: claim the job (another replica holding it → skipped), score the next leads after the
// cursor, write them and advance the cursor — all or nothing, so a crash resumes at the cursor.
// A job that is not forced also takes a last pass from the start until no mission lead of its
// scope is left under another version; only then is it done.
import type { Repositories, ScoreScope } from "@salestouch/store";
import { compiledFrom, rescoreLeads } from "./score-links.js";

export type BatchOutcome = { kind: "skipped" } | { kind: "superseded" } | { kind: "progress"; leads: number } | { kind: "done"; leads: number };

export interface BatchOptions {
  /** Leads a batch rescores (each with all its missions). */
  batchSize: number;
  now: string;
}

export async function runRescoreBatch(repos: Repositories, jobId: string, options: BatchOptions): Promise<BatchOutcome> {
  const job = await repos.scoringJobs.claim(jobId);
  if (!job) return { kind: "skipped" };
  const active = await repos.scoringProfiles.active(job.workspace_id, { forScoring: true });
  if (!active || active.version !== job.profile_version) {
    await repos.scoringJobs.update(job.id, { status: "superseded", finished_at: options.now, updated_at: options.now });
    return { kind: "superseded" };
  }
  const scope: ScoreScope = { workspaceId: job.workspace_id, missionId: job.mission_id, importId: job.import_id };
  const force = job.force === 1;
  const next = { after: job.cursor, limit: options.batchSize, version: job.profile_version, force };
  let leadIds = await repos.scores.nextLeadIds(scope, next);
  // The end of the range: a job that is not forced starts over for leads written meanwhile under another version.
  if (leadIds.length === 0 && !force && job.cursor !== "") leadIds = await repos.scores.nextLeadIds(scope, { ...next, after: "" });
  if (leadIds.length === 0) {
    await repos.scoringJobs.update(job.id, { status: "done", finished_at: options.now, updated_at: options.now });
    return { kind: "done", leads: job.leads_done };
  }
  await rescoreLeads(repos, job.workspace_id, compiledFrom(active), leadIds, {
    missionId: job.mission_id,
    importId: job.import_id,
    lock: true,
    consecutive: true,
  });
  const leads = job.leads_done + leadIds.length;
  await repos.scoringJobs.update(job.id, { status: "running", cursor: leadIds[leadIds.length - 1]!, leads_done: leads, updated_at: options.now });
  return { kind: "progress", leads };
}
