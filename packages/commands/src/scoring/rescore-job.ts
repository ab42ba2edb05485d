// One batch of a background rescoring job, run by the host's job worker in a transaction of its
// own: claim the job (another replica holding it → skipped), score the next leads after the
// cursor, write them and advance the cursor — all or nothing, so a crash resumes at the cursor.
// A job that is not forced also takes a last pass from the start until no mission lead of its
// scope is left under another version; only then is it done. The job row says which pass it is in.
import type { Repositories, ScoreScope } from "@salestouch/store";
import { compiledFrom, rescoreLeads, rescoreRows } from "./score-links.js";

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
  const profile = compiledFrom(active);
  // The first pass over a whole workspace reads its leads as one plain range after the cursor: nearly
  // every lead needs rescoring then, so finding them first would read each one twice.
  if (job.pass === 1 && !job.mission_id && !job.import_id) {
    const batch = await repos.scores.subjectsAfter(
      job.workspace_id,
      { after: job.cursor, maxLinks: options.batchSize, version: job.profile_version, force },
      { lock: true },
    );
    if (batch.last !== undefined) {
      await rescoreRows(repos, profile, batch.rows);
      const leads = job.leads_done + leadCount(batch.rows);
      await repos.scoringJobs.update(job.id, { status: "running", cursor: batch.last, leads_done: leads, updated_at: options.now });
      return { kind: "progress", leads };
    }
    if (force) return finish(repos, job.id, job.leads_done, options.now);
    // The end of the range: the job starts over for leads written meanwhile under another version.
    // The cursor stays where pass 1 ended until a pass-2 batch moves it.
    await repos.scoringJobs.update(job.id, { pass: 2, updated_at: options.now });
    job.pass = 2;
    job.cursor = "";
  }
  const next = { after: job.cursor, limit: options.batchSize, version: job.profile_version, force };
  let leadIds = await repos.scores.nextLeadIds(scope, next);
  // The end of the range: a job that is not forced starts over for leads written meanwhile under another version.
  if (leadIds.length === 0 && !force && job.cursor !== "") {
    leadIds = await repos.scores.nextLeadIds(scope, { ...next, after: "" });
    if (job.pass === 1 && leadIds.length > 0) await repos.scoringJobs.update(job.id, { pass: 2 });
  }
  if (leadIds.length === 0) return finish(repos, job.id, job.leads_done, options.now);
  await rescoreLeads(repos, job.workspace_id, profile, leadIds, {
    missionId: job.mission_id,
    importId: job.import_id,
    lock: true,
    consecutive: true,
  });
  const leads = job.leads_done + leadIds.length;
  await repos.scoringJobs.update(job.id, { status: "running", cursor: leadIds[leadIds.length - 1]!, leads_done: leads, updated_at: options.now });
  return { kind: "progress", leads };
}

async function finish(repos: Repositories, jobId: string, leads: number, now: string): Promise<BatchOutcome> {
  await repos.scoringJobs.update(jobId, { status: "done", finished_at: now, updated_at: now });
  return { kind: "done", leads };
}

/** How many leads the rows are of (a lead's rows are consecutive). */
function leadCount(rows: readonly { lead_id: string }[]): number {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i]!.lead_id !== rows[i - 1]!.lead_id) count++;
  return count;
}
