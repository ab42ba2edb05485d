// Background rescoring in this process: open jobs are run batch by batch, each batch one write
// transaction (runRescoreBatch) whose slices give the event loop turns, so reads are never held
// and writes wait for one batch at most. On SQLite jobs run in the process that serves commands;
// on PostgreSQL every replica runs a worker and the job row lock shares the batches out
// (docs/decisions/0017-rescoring-batches-in-the-database.md).
import { runRescoreBatch } from "@salestouch/commands";
import type { Logger } from "@salestouch/runtime";
import type { Repositories, Store } from "@salestouch/store";

const DEFAULT_IDLE_MS = 1000;
const ERROR_BACKOFF_MS = 2000;

export interface RescoreWorkerOptions {
  store: Store;
  logger: Logger;
  /** Leads a batch rescores (the rescoreBatch setting, whose default is stated in config.ts). */
  batchSize: number;
  /** How often an idle worker looks for new jobs. */
  idleMs?: number;
}

export interface RescoreWorker {
  /** Polls for jobs until stopped. */
  start(): void;
  /** Runs every open job to its end (or until another process holds it), then returns. */
  drain(): Promise<void>;
  /** Stops after the current batch. */
  stop(): Promise<void>;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRescoreWorker(options: RescoreWorkerOptions): RescoreWorker {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  /** Runs one job's batches while it progresses; true when it did some work. */
  async function runJob(id: string): Promise<boolean> {
    let worked = false;
    for (;;) {
      const batch = (repos: Repositories) => runRescoreBatch(repos, id, { batchSize: options.batchSize, now: new Date().toISOString() });
      const outcome = await options.store.transaction("write", batch, { batch: true });
      if (outcome.kind === "progress") {
        worked = true;
        options.logger.debug("rescore batch", { job_id: id, leads_done: outcome.leads });
        await yieldToEvents();
        continue;
      }
      if (outcome.kind === "done") options.logger.info("rescore job done", { job_id: id, leads_done: outcome.leads });
      return worked || outcome.kind !== "skipped";
    }
  }

  async function pass(): Promise<boolean> {
    let worked = false;
    for (const id of await options.store.repositories.scoringJobs.openIds(20)) worked = (await runJob(id)) || worked;
    return worked;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            if (!(await pass())) await sleep(idleMs);
          } catch (error) {
            options.logger.warn("rescore batch failed; retrying", { error: (error as Error).message });
            await sleep(ERROR_BACKOFF_MS);
          }
        }
      })();
    },
    async drain() {
      while (await pass()) await yieldToEvents();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
