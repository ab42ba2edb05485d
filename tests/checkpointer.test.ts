// The WAL checkpoint worker (docs/decisions/0012) must start in any process that embeds the
// runtime, including one started as `node --input-type=module -e …` (scripts, the bench): its code
// is CommonJS, and a worker inherits its parent's Node options unless told otherwise, so there it
// failed at once and checkpoints silently went back to the writer's commits on the loop's thread.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const dir = tempDir("salestouch-checkpointer-");
afterAll(() => dir.remove());

const SCRIPT = `
const { createRequire } = await import("node:module");
const { Checkpointer } = await import(process.env.CHECKPOINTER_MODULE);
const Database = createRequire(process.env.CHECKPOINTER_MODULE)("better-sqlite3");
const db = new Database(process.env.DATABASE_FILE);
db.pragma("journal_mode = WAL");
db.pragma("wal_autocheckpoint = 0");
db.exec("create table t (x text)");
const insert = db.prepare("insert into t values (?)");
db.transaction(() => { for (let i = 0; i < 3000; i++) insert.run("x".repeat(2000)); })();
let gaveUp = false;
const checkpoints = new Checkpointer(process.env.DATABASE_FILE, () => { gaveUp = true; });
checkpoints.afterCommit();
// A worker that fails does so as it starts; one that works answers its first checkpoint.
await new Promise((resolve) => setTimeout(resolve, 1500));
const [wal] = db.pragma("wal_checkpoint(PASSIVE)");
await checkpoints.close();
db.close();
process.stdout.write(JSON.stringify({ gaveUp, ...wal }) + "\\n");
`;

it("checkpoints in its worker in a process started with --input-type=module", () => {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT], {
    env: {
      ...process.env,
      CHECKPOINTER_MODULE: pathToFileURL(join(import.meta.dirname, "..", "packages", "store", "dist", "dialects", "checkpointer.js")).href,
      DATABASE_FILE: join(dir.path, "wal.db"),
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(child.stderr).toBe("");
  const result = JSON.parse(child.stdout.trim()) as { gaveUp: boolean; log: number; checkpointed: number };
  expect(result.gaveUp).toBe(false);
  // The worker copied the WAL back: a checkpoint now finds every frame done already.
  expect(result.log).toBeGreaterThan(1000);
  expect(result.checkpointed).toBe(result.log);
});
