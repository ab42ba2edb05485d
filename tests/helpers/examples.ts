// The examples runner lives with the contracts (the test server's seed and the conformance kit use it too).
export { resolvePlaceholders, runExample, subsetMismatch, type RunCommand } from "@salestouch/contracts/examples";

/**
 * A background job's progress (status, leads done, when it finished) depends on when the worker
 * of each process ran, not on the surface: comparisons of two surfaces leave it out.
 */
export function backgroundProgressOut(job: unknown): unknown {
  if (job === null || typeof job !== "object" || !("job_id" in job)) return job;
  const { status: _status, leads_done: _done, finished_at: _finished, updated_at: _updated, ...rest } = job as Record<string, unknown>;
  return rest;
}
