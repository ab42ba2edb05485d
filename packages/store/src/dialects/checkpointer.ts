// WAL checkpoints off the event loop's thread (docs/decisions/0012). SQLite copies the WAL back
// into the database file during the commit that crosses wal_autocheckpoint — on the committing
// connection, synchronously: after a large import, that commit held the event loop for hundreds of
// milliseconds. The writer runs with automatic checkpoints off; once the WAL file has grown past
// what one automatic checkpoint would copy, a worker thread with a connection of its own runs a
// PASSIVE checkpoint (it waits for no reader and no writer). The worker starts on first need, so
// short-lived processes (the CLI) that never grow the WAL never start one. If it cannot start,
// the writer goes back to automatic checkpoints.
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";

/** SQLite's default wal_autocheckpoint, in pages (4 KiB each). */
export const AUTOCHECKPOINT_PAGES = 1000;
const THRESHOLD_BYTES = AUTOCHECKPOINT_PAGES * 4096;

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {}
  parentPort.postMessage("done");
});
`;

export class Checkpointer {
  private worker: Worker | null = null;
  private failed = false;
  private running = false;
  private again = false;

  constructor(
    private readonly path: string,
    private readonly fallback: () => void,
  ) {}

  /** After a write commit: ask for a checkpoint once the WAL is past the threshold. */
  afterCommit(): void {
    if (this.failed) return;
    let size: number;
    try {
      size = statSync(`${this.path}-wal`).size;
    } catch {
      return;
    }
    if (size < THRESHOLD_BYTES) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.start()?.postMessage("checkpoint");
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    // The worker is unref'd so that it never keeps a process alive; while closing, it must: a
    // process with nothing else pending (the CLI, a script) would otherwise end in the middle of
    // this await with exit code 13 (unsettled top-level await) instead of finishing its close.
    worker.ref();
    let timer: NodeJS.Timeout | undefined;
    worker.postMessage("close");
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const module = createRequire(import.meta.url).resolve("better-sqlite3");
      // node:worker_threads is loaded here, on first need: a short process (the CLI) never pays for it.
      // No inherited Node options: a process started with `--input-type=module` (as `node -e` scripts
      // embedding the runtime, the bench's among them, are) would evaluate this CommonJS code as a
      // module, where `require` does not exist; the worker failed at once and every checkpoint went
      // back to the writer's commits, on the event loop's thread.
      const worker = new (process.getBuiltinModule("node:worker_threads").Worker)(WORKER, {
        eval: true,
        execArgv: [],
        workerData: { module, path: this.path },
      });
      worker.unref();
      worker.on("message", () => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.running = true;
          worker.postMessage("checkpoint");
        }
      });
      worker.on("error", () => this.giveUp());
      this.worker = worker;
      return worker;
    } catch {
      this.giveUp();
      return null;
    }
  }

  private giveUp(): void {
    this.failed = true;
    this.running = false;
    this.worker = null;
    this.fallback();
  }
}
