// `pnpm exec tsx scripts/rescore-cpu-split.ts [--rows=100000] [--rounds=2] [--batches=1000,4000] [--model=0]`:
// where background rescoring's CPU goes, by thread and by phase (docs/performance.md, lead scoring,
// "Fourth round" and "Fifth round"). `--batches` drains with each batch size in turn (default: the
// setting's default); `--model=0` leaves the model out.
// Runs on the built packages (SQLite, local mode). The bench's CSV is imported once without a
// profile; each round then rescores fresh copies of that database, interleaved, in child processes:
//   runtime  the job drained by openRuntime after the bench's profile change: the main thread's
//            CPU (user and kernel) and its wait for a core (/proc/self/task/<pid>/{stat,schedstat}),
//            the busiest other thread (the WAL checkpointer) and the rest (V8's helpers)
//   model    a batch's own statements in plain better-sqlite3 (the range read, the links' and the
//            leads' 256-row UPDATE … FROM (VALUES …), the commit), CPU by phase and WAL frames a
//            batch, checkpoints off; variants: the 2 MB writer cache, the 8 MB one rescoring
//            batches use, and each lead's best score in a narrow table of its own (not built)
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runChild } from "../bench/src/imports.js";
import { REALISTIC, writeLeadCsv } from "../bench/src/lead-data.js";
import { profilePatterns } from "../bench/src/scoring.js";

const root = join(import.meta.dirname, "..");
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const rows = arg("rows", 100_000);
const rounds = arg("rounds", 2);
const list = (name: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(",") ?? [];
const batches = list("batches");
const model = arg("model", 1) !== 0;
const home = mkdtempSync(join(tmpdir(), "salestouch-rescore-split-"));

const IMPORT_CHILD = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const run = async (id, input) => { const r = await local.runtime.execute(id, input, { principal }); if (!r.ok) throw new Error(id + ": " + r.error.message); return r.data; };
const mission = (await run("mission.create", { name: "Bench" })).mission.id;
const imported = await run("import.csv", { mission_id: mission, name: "bench.csv", csv_path: process.env.CSV_FILE });
await local.close();
process.stdout.write(JSON.stringify({ rows: imported.row_count }) + "\\n");
`;

const RUNTIME_CHILD = `
import { readFileSync, readdirSync } from "node:fs";
const { defaultConfig, openRuntime } = await import(process.env.HOST_MODULE);
const patterns = JSON.parse(process.env.PATTERNS);
const config = process.env.BATCH ? defaultConfig({ rescoreBatch: Number(process.env.BATCH) }) : undefined;
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, validateOutputs: false, config });
const principal = await local.keys.localPrincipal();
const run = async (id, input) => { const r = await local.runtime.execute(id, input, { principal }); if (!r.ok) throw new Error(id + ": " + r.error.message); return r.data; };
const threads = () => {
  const out = new Map();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const f = readFileSync("/proc/self/task/" + tid + "/stat", "utf8").split(") ")[1].split(" ");
      out.set(tid, [Number(f[11]) / 100, Number(f[12]) / 100]);
    } catch {}
  }
  return out;
};
const waited = () => Number(readFileSync("/proc/self/task/" + process.pid + "/schedstat", "utf8").split(" ")[1]) / 1e9;
await run("scoring.profile.update", { patterns: patterns.map((p, i) => ({ ...p, weight: i % 5 === 0 ? -p.weight : p.weight })) });
const before = threads(), w0 = waited(), t0 = performance.now();
await local.jobs.drain();
const seconds = (performance.now() - t0) / 1000, wait = waited() - w0, after = threads();
const status = await run("scoring.status.get", {});
if (status.mission_leads.current !== status.mission_leads.total) throw new Error("rescoring left leads on an older version");
await local.close();
let main = 0, kernel = 0, busiest = 0, rest = 0;
for (const [tid, [user, system]] of after) {
  const [user0, system0] = before.get(tid) ?? [0, 0];
  const used = user - user0 + system - system0;
  if (tid === String(process.pid)) { main = used; kernel = system - system0; }
  else if (used > busiest) { rest += busiest; busiest = used; } else rest += used;
}
process.stdout.write(JSON.stringify({ leads: status.mission_leads.total, seconds, main, kernel, waitForCore: wait, checkpointer: busiest, otherThreads: rest }) + "\\n");
`;

const MODEL_CHILD = `
import { statSync } from "node:fs";
const { default: Database } = await import(process.env.SQLITE_MODULE);
const variant = process.env.VARIANT;
const db = new Database(process.env.DATABASE_FILE);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("wal_autocheckpoint = 0");
db.pragma("cache_size = -" + (variant === "cache-8mb" ? 8000 : 2000));
const narrow = variant === "narrow-lead-scores";
if (narrow) {
  db.exec("create table lead_scores (lead_id text primary key, workspace_id text not null, score double precision) without rowid;" +
    "insert into lead_scores select id, workspace_id, score from leads; create index lead_scores_order on lead_scores (workspace_id, score, lead_id);");
}
db.pragma("wal_checkpoint(TRUNCATE)");
const workspace = db.prepare("select workspace_id from leads limit 1").pluck().get();
const read = db.prepare("select ml.mission_id, ml.lead_id, ml.import_id, ml.status, ml.score, ml.score_version, " + (narrow ? "s.score" : "l.score") +
  " as lead_score, l.job_title, l.headline, l.full_name, l.company, l.email, l.linkedin_url, l.location, l.company_size," +
  " case when l.experience_json in ('[]', '') then l.experience_json else '[...]' end as experience_json" +
  " from mission_leads ml join leads l on l.id = ml.lead_id" + (narrow ? " left join lead_scores s on s.lead_id = ml.lead_id" : "") +
  " where ml.workspace_id = ? and ml.lead_id > ? order by ml.lead_id limit 1001").raw();
const statements = new Map();
function update(table, keys, set, rows) {
  for (let start = 0; start < rows.length; start += 256) {
    const chunk = rows.slice(start, start + 256);
    let offset = 0;
    while (offset < chunk.length) {
      let size = 256;
      while (size > chunk.length - offset) size /= 2;
      const key = table + size;
      if (!statements.has(key)) {
        const columns = [...keys, ...set];
        const tuples = Array.from({ length: size }, () => "(" + columns.map(() => "?").join(", ") + ")").join(", ");
        statements.set(key, db.prepare("with v(" + columns.join(", ") + ") as (values " + tuples + ") update " + table + " set " +
          set.map((c) => c + " = v." + c).join(", ") + " from v where " + keys.map((k) => table + "." + k + " = v." + k).join(" and ")));
      }
      statements.get(key).run(chunk.slice(offset, offset + size).flat());
      offset += size;
    }
  }
}
const begin = db.prepare("begin immediate"), commit = db.prepare("commit");
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const phases = { read: 0, links: 0, leads: 0, commit: 0 };
let after = "", leads = 0, batches = 0, t;
for (;;) {
  t = cpu(); begin.run();
  let rows = read.all(workspace, after);
  phases.read += cpu() - t;
  if (rows.length === 0) { commit.run(); break; }
  if (rows.length === 1001) { const last = rows[1000][1]; rows = rows.filter((r) => r[1] !== last); }
  after = rows[rows.length - 1][1];
  // Scores of the batch's size and spread (0-100), one link a lead as in the bench.
  const links = rows.map((r) => [r[0], r[1], (r[1].charCodeAt(r[1].length - 1) * 7 + batches) % 101, 7]);
  t = cpu(); update("mission_leads", ["mission_id", "lead_id"], ["score", "score_version"], links); phases.links += cpu() - t;
  t = cpu(); update(narrow ? "lead_scores" : "leads", [narrow ? "lead_id" : "id"], ["score"], links.map((l) => [l[1], l[2]])); phases.leads += cpu() - t;
  t = cpu(); commit.run(); phases.commit += cpu() - t;
  leads += rows.length; batches++;
}
const frames = statSync(process.env.DATABASE_FILE + "-wal").size / 4120;
db.close();
process.stdout.write(JSON.stringify({ leads, ...phases, framesPerBatch: frames / batches }) + "\\n");
`;

const env = {
  HOST_MODULE: pathToFileURL(join(root, "packages/host/dist/index.js")).href,
  SQLITE_MODULE: pathToFileURL(createRequire(join(root, "bench/package.json")).resolve("better-sqlite3")).href,
  PATTERNS: JSON.stringify(profilePatterns()),
};
const fmt = (x: number | undefined) => (x ?? 0).toFixed(2);
try {
  const csv = join(home, "leads.csv");
  const base = join(home, "base.db");
  await writeLeadCsv(csv, { rows, ...REALISTIC });
  await runChild(IMPORT_CHILD, { ...env, CSV_FILE: csv, DATABASE_FILE: base });
  const copy = (name: string) => {
    const file = join(home, `${name}.db`);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    copyFileSync(base, file);
    return file;
  };
  for (let round = 1; round <= rounds; round++) {
    const load = () => loadavg()[0]!.toFixed(1);
    for (const batch of batches.length > 0 ? batches : [""]) {
      const r = await runChild(RUNTIME_CHILD, { ...env, DATABASE_FILE: copy("runtime"), BATCH: batch });
      process.stdout.write(
        `round ${round} runtime${batch ? ` (batches of ${batch})` : ""}: ${r["leads"]} leads in ${fmt(r["seconds"])} s, ${Math.round(r["leads"]! / r["seconds"]!)} leads/s; ` +
          `main thread ${fmt(r["main"])} s CPU (${fmt(r["kernel"])} s of it in the kernel), waited ${fmt(r["waitForCore"])} s for a core; ` +
          `checkpointer ${fmt(r["checkpointer"])} s, other threads ${fmt(r["otherThreads"])} s (load ${load()})\n`,
      );
    }
    for (const variant of model ? ["cache-2mb", "cache-8mb", "narrow-lead-scores"] : []) {
      const m = await runChild(MODEL_CHILD, { ...env, VARIANT: variant, DATABASE_FILE: copy("model") });
      const total = m["read"]! + m["links"]! + m["leads"]! + m["commit"]!;
      process.stdout.write(
        `round ${round} model ${variant}: ${fmt(total)} s CPU = read ${fmt(m["read"])} + links ${fmt(m["links"])} + leads ${fmt(m["leads"])} + commit ${fmt(m["commit"])}; ` +
          `${Math.round(m["framesPerBatch"]!)} WAL frames a batch (load ${load()})\n`,
      );
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
