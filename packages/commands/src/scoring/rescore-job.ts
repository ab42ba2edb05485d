// One batch of a background rescoring job, run by the host's job worker in a transaction of its
// own: claim the job (another replica holding it → skipped), score the next leads after the
// cursor, write them and advance the cursor — all or nothing, so a crash resumes at the cursor.
// The cursor is where the job's walk stands, in lead-id order. A job that is not forced ends with a
// sweep from the first lead for mission leads of its scope left under another version, and is done
// at the end of it. The job row says which pass it is in (1: the first pass; 2: the sweep).
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

/** Links a window of the sweep looks at for each lead a slice may rescore: the sweep finds few. */
const SWEEP_LINKS_PER_LEAD = 4;

/** Where a job stands within the batch: written to its row when the batch ends. */
interface Position {
  pass: number;
  /** The last lead the walk looked at ("" before the first): the next slice reads after it. */
  cursor: string;
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
  const at: Position = { pass: job.pass, cursor: job.cursor, leadsDone: job.leads_done };
  const pace = pacer();
  for (let used = 0; used < options.batchSize; ) {
    if (used > 0) await pace();
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
      { after: at.cursor, maxLinks: limit, version: job.profile_version, force },
      { lock: true },
    );
    if (batch.last === undefined) return endOfRange(at, force);
    await rescoreRows(repos, profile, batch.rows);
    at.cursor = batch.last;
    at.leadsDone += leadCount(batch.rows);
    return true;
  }
  // A window of the scope's links after the cursor, and the leads of it under another version: in the
  // first pass of a mission's or an import's job nearly all of them; in the sweep few or none.
  const scope: ScoreScope = { workspaceId: job.workspace_id, missionId: job.mission_id, importId: job.import_id };
  const links = at.pass === 1 ? limit : SWEEP_LINKS_PER_LEAD * limit;
  const window = await repos.scores.staleInWindow(scope, { after: at.cursor, links, version: job.profile_version, force });
  if (window.last === undefined) return endOfRange(at, force);
  await rescoreLeads(repos, job.workspace_id, profile, window.leadIds, {
    missionId: job.mission_id,
    importId: job.import_id,
    lock: true,
    consecutive: true,
  });
  at.cursor = window.last;
  at.leadsDone += window.leadIds.length;
  return true;
}

/**
 * The end of the range: a forced job, or one at the end of its sweep, is done; the first pass of any
 * other is followed by a sweep from the first lead, for mission leads a write left under another
 * version behind the cursor (activating a version locks out every scoring write by an older one,
 * so the sweep finds none unless something outside the runtime wrote them).
 */
function endOfRange(at: Position, force: boolean): boolean {
  if (force || at.pass !== 1) return false;
  at.pass = 2;
  at.cursor = "";
  return true;
}

/** How many leads the rows are of (a lead's rows are consecutive). */
function leadCount(rows: readonly { lead_id: string }[]): number {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i]!.lead_id !== rows[i - 1]!.lead_id) count++;
  return count;
}
