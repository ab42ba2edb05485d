// One batch of a background rescoring job, run by the host's job worker in a transaction of its
// own: claim the job (another replica holding it → skipped), score the next leads after the
// cursor, write them and advance the cursor — all or nothing, so a crash resumes at the cursor.
// A job that is not forced also takes a last pass from the start until no mission lead of its
// scope is left under another version; only then is it done. The job row says which pass it is in.
//
// A batch is read and written in slices of at most SLICE leads, with a turn of the event loop
// between slices once a few milliseconds have passed (the imports' pacer), so a large batch holds
// the loop no longer than a small one; its commit writes the pages all its slices changed at once,
// which is what makes a large batch cheaper per lead (docs/decisions/0025-rescoring-batches-in-slices.md).
import { pacer } from "@salestouch/runtime";
import type { CompiledProfile } from "@salestouch/scoring";
import type { Repositories, ScoreScope, ScoringJobRow } from "@salestouch/store";
import { compiledFrom, rescoreLeads, rescoreRows } from "./score-links.js";

export type BatchOutcome = { kind: "skipped" } | { kind: "superseded" } | { kind: "progress"; leads: number } | { kind: "done"; leads: number };

export interface BatchOptions {
  /** Mission leads a batch rescores in one transaction (each lead with all its missions). */
  batchSize: number;
  now: string;
}

/** Leads (first pass: links) a slice of a batch reads and writes before the loop may get a turn. */
export const SLICE = 250;

/** Where a job stands within the batch: written to its row when the batch ends. */
interface Position {
  pass: number;
  /** The last lead a batch rescored (or, in the first pass, read). */
  cursor: string;
  /** Where the next slice reads from: the cursor, or "" once a pass starts over. */
  after: string;
  leadsDone: number;
}

export async function runRescoreBatch(repos: Repositories, jobId: string, options: BatchOptions): Promise<BatchOutcome> {
  const job = await repos.scoringJobs.claim(jobId);
  if (!job) return { kind: "skipped" };
  const active = await repos.scoringProfiles.active(job.workspace_id, { forScoring: true });
  if (!active || active.version !== job.profile_version) {
    await repos.scoringJobs.update(job.id, { status: "superseded", finished_at: options.now, updated_at: options.now });
    return { kind: "superseded" };
  }
  const profile = compiledFrom(active);
  const at: Position = { pass: job.pass, cursor: job.cursor, after: job.cursor, leadsDone: job.leads_done };
  const pace = pacer();
  let progressed = false;
  for (let used = 0; used < options.batchSize; ) {
    if (progressed) await pace();
    const limit = Math.min(SLICE, options.batchSize - used);
    if (!(await rescoreSlice(repos, job, profile, at, limit))) {
      await repos.scoringJobs.update(job.id, {
        status: "done",
        pass: at.pass,
        cursor: at.cursor,
        leads_done: at.leadsDone,
        finished_at: options.now,
        updated_at: options.now,
      });
      return { kind: "done", leads: at.leadsDone };
    }
    progressed = true;
    used += limit;
  }
  await repos.scoringJobs.update(job.id, { status: "running", pass: at.pass, cursor: at.cursor, leads_done: at.leadsDone, updated_at: options.now });
  return { kind: "progress", leads: at.leadsDone };
}

/** Rescores the next slice after `at` and moves `at` past it; false when the job has nothing left. */
async function rescoreSlice(repos: Repositories, job: ScoringJobRow, profile: CompiledProfile, at: Position, limit: number): Promise<boolean> {
  const force = job.force === 1;
  // The first pass over a whole workspace reads its leads as one plain range after the cursor: nearly
  // every lead needs rescoring then, so finding them first would read each one twice.
  if (at.pass === 1 && !job.mission_id && !job.import_id) {
    const batch = await repos.scores.subjectsAfter(
      job.workspace_id,
      { after: at.after, maxLinks: limit, version: job.profile_version, force },
      { lock: true },
    );
    if (batch.last !== undefined) {
      await rescoreRows(repos, profile, batch.rows);
      at.cursor = at.after = batch.last;
      at.leadsDone += leadCount(batch.rows);
      return true;
    }
    if (force) return false;
    // The end of the range: the job starts over for leads written meanwhile under another version.
    // The cursor stays where pass 1 ended until a pass-2 slice moves it.
    at.pass = 2;
    at.after = "";
  }
  const scope: ScoreScope = { workspaceId: job.workspace_id, missionId: job.mission_id, importId: job.import_id };
  const next = { after: at.after, limit, version: job.profile_version, force };
  let leadIds = await repos.scores.nextLeadIds(scope, next);
  // The end of the range: a job that is not forced starts over for leads written meanwhile under another version.
  if (leadIds.length === 0 && !force && at.after !== "") {
    leadIds = await repos.scores.nextLeadIds(scope, { ...next, after: "" });
    if (at.pass === 1 && leadIds.length > 0) at.pass = 2;
  }
  if (leadIds.length === 0) return false;
  await rescoreLeads(repos, job.workspace_id, profile, leadIds, {
    missionId: job.mission_id,
    importId: job.import_id,
    lock: true,
    consecutive: true,
  });
  at.cursor = at.after = leadIds[leadIds.length - 1]!;
  at.leadsDone += leadIds.length;
  return true;
}

/** How many leads the rows are of (a lead's rows are consecutive). */
function leadCount(rows: readonly { lead_id: string }[]): number {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i]!.lead_id !== rows[i - 1]!.lead_id) count++;
  return count;
}
