#!/usr/bin/env node
// `node scripts/import-cpu-split.mjs [--rows=100000] [--rounds=3]`: how much of an import.csv's
// main-thread CPU reading and checking the rows is, and what handing checked rows over from a
// worker thread would cost the main thread instead — the ceiling of parsing beside the writes
// (docs/performance.md, "Fourth round: parsing beside the writes"; docs/decisions/0024). Runs on
// the built packages (SQLite, local mode). Each round, interleaved, in fresh child processes:
//   import   import.csv of a generated file (csv_path): wall time, main-thread CPU, process CPU
//   read     the same rows read and checked as the import does (csv-parse, each cell checked and
//            normalised), nothing written: CPU
//   objects  the main thread's CPU receiving those checked rows from a worker, 500 a message, as
//            the objects the import uses (structured clone)
//   flat     the same, each message one string of the values and two typed arrays (row numbers, and
//            which value is absent, null, text or a number), values objects rebuilt on receipt
// The main thread's CPU with reading in a worker is at best import − read + the cheaper receive.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const rows = arg("rows", 100_000);
const rounds = arg("rounds", 3);
const home = mkdtempSync(join(tmpdir(), "salestouch-split-"));
const url = (path) => pathToFileURL(join(root, path)).href;

/** The people of the bench's import file: every 20th row repeats an earlier person, every 33rd has no valid email. */
function writeCsv(file) {
  const first = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken"];
  const last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson"];
  const lines = ["First Name,Last Name,Email,LinkedIn URL,Company Name,Title,Location,Score"];
  for (let i = 0; i < rows; i++) {
    const p = i % 20 === 19 ? i - 7 : i;
    const name = first[p % 8];
    const email = i % 33 === 32 ? "not-an-email" : `${name.toLowerCase()}.${p}@example.com`;
    lines.push(
      `${name},${last[Math.floor(p / 8) % 8]},${email},https://www.linkedin.com/in/${name.toLowerCase()}-${p},Acme ${p % 997},CFO,Paris,${p % 101}`,
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** Main-thread CPU in milliseconds (Linux schedstat of the thread whose id is the process id). */
const CPU = `const { readFileSync } = await import("node:fs");
const mainCpu = () => Number(readFileSync("/proc/self/task/" + process.pid + "/schedstat", "utf8").split(" ")[0]) / 1e6;
const processCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };`;

const IMPORT = `${CPU}
const { openRuntime } = await import(process.env.HOST);
const local = await openRuntime({ databaseUrl: process.env.DB, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const mission = await local.runtime.execute("mission.create", { name: "Split" }, { principal });
const [t, c, p] = [performance.now(), mainCpu(), processCpu()];
const result = await local.runtime.execute("import.csv", { mission_id: mission.data.mission.id, name: "split.csv", csv_path: process.env.CSV }, { principal });
const out = { wall: performance.now() - t, main: mainCpu() - c, process: processCpu() - p };
if (!result.ok) throw new Error(result.error.message);
await local.close();
console.log(JSON.stringify(out));`;

/** Reads and checks the rows as the import does (csv-source.ts, leads/draft.ts); posts them in batches when in a worker. */
const READ = `
const { parentPort, workerData } = await import("node:worker_threads");
const env = workerData ?? process.env;
const { openCsv } = await import(env.CSV_SOURCE);
const { draftLead, withDerivedNames, hasIdentifier, leadLabel } = await import(env.DRAFT);
const flat = env.MODE === "flat";
const COLUMNS = ${JSON.stringify(["first_name", "last_name", "full_name", "email", "email_key", "linkedin_url", "linkedin_key", "sales_nav_id", "custom_id", "company", "job_title", "headline", "location", "description", "phone", "timezone", "avatar_url", "company_website", "company_logo_url", "company_linkedin_url", "company_headline", "personal_website", "company_industry", "company_size", "score"])};
const send = (batch) => {
  if (!flat) return parentPort.postMessage(batch);
  const rows = new Int32Array(batch.length);
  const kinds = new Uint8Array(batch.length * (COLUMNS.length + 1));
  const texts = [];
  let k = 0;
  batch.forEach(([row, values, input], r) => {
    rows[r] = row;
    for (const column of COLUMNS) {
      const v = values[column];
      kinds[k++] = v === undefined ? 0 : v === null ? 1 : typeof v === "string" ? 2 : 3;
      if (v !== undefined && v !== null) texts.push(String(v));
    }
    const label = leadLabel(input);
    kinds[k++] = label === null ? 1 : 2;
    if (label !== null) texts.push(label);
  });
  parentPort.postMessage({ rows, kinds, text: texts.join("\\0") }, [rows.buffer, kinds.buffer]);
};
const c = parentPort ? 0 : mainCpu();
const reader = await openCsv({ path: env.CSV });
let batch = [];
for await (const { row, lead } of reader.rows) {
  if (lead === null) continue;
  const drafted = draftLead(lead);
  if (!drafted.ok || !hasIdentifier(drafted.values)) continue;
  batch.push([row, withDerivedNames(drafted.values), lead]);
  if (batch.length === 500 && parentPort) send(batch.splice(0));
}
if (parentPort) {
  send(batch);
  parentPort.postMessage("end");
} else console.log(JSON.stringify({ main: mainCpu() - c }));`;

const RECEIVE = `${CPU}
const { Worker } = await import("node:worker_threads");
const COLUMNS = ${JSON.stringify(["first_name", "last_name", "full_name", "email", "email_key", "linkedin_url", "linkedin_key", "sales_nav_id", "custom_id", "company", "job_title", "headline", "location", "description", "phone", "timezone", "avatar_url", "company_website", "company_logo_url", "company_linkedin_url", "company_headline", "personal_website", "company_industry", "company_size", "score"])};
const worker = new Worker(new URL("data:text/javascript," + encodeURIComponent(process.env.READ_CODE)), { workerData: { ...process.env } });
const c = mainCpu();
let received = 0;
const kept = [];
await new Promise((resolve, reject) => {
  worker.on("error", reject);
  worker.on("message", (m) => {
    if (m === "end") return resolve();
    if (Array.isArray(m)) {
      received += m.length;
      kept.push(m[m.length - 1]);
      return;
    }
    const parts = m.text.split("\\0");
    let p = 0;
    let k = 0;
    for (let r = 0; r < m.rows.length; r++) {
      const values = {};
      for (const column of COLUMNS) {
        const kind = m.kinds[k++];
        values[column] = kind === 0 ? undefined : kind === 1 ? null : kind === 2 ? parts[p++] : Number(parts[p++]);
      }
      const label = m.kinds[k++] === 2 ? parts[p++] : null;
      if (r === m.rows.length - 1) kept.push([m.rows[r], values, label]);
      received++;
    }
  });
});
console.log(JSON.stringify({ main: mainCpu() - c, received }));
await worker.terminate();`;

function child(code, env) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--input-type=module", "-e", code], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
    });
    proc.on("exit", (status) => (status === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`child exited ${status}`))));
  });
}

const csv = join(home, "split.csv");
writeCsv(csv);
const env = {
  CSV: csv,
  HOST: url("packages/host/dist/index.js"),
  CSV_SOURCE: url("packages/commands/dist/imports/csv-source.js"),
  DRAFT: url("packages/commands/dist/leads/draft.js"),
};
const read = `${CPU}\n${READ}`;
const ms = (n) => Math.round(n);
try {
  for (let round = 0; round < rounds; round++) {
    const load = loadavg()[0].toFixed(1);
    const db = join(home, `split-${round}.db`);
    const imported = await child(IMPORT, { ...env, DB: db });
    rmSync(db, { force: true });
    const alone = await child(read, env);
    const objects = await child(RECEIVE, { ...env, READ_CODE: read, MODE: "objects" });
    const flat = await child(RECEIVE, { ...env, READ_CODE: read, MODE: "flat" });
    console.log(
      `round ${round + 1} (load ${load}): import wall ${ms(imported.wall)} ms, main-thread CPU ${ms(imported.main)} ms, process CPU ${ms(imported.process)} ms;` +
        ` read and check alone ${ms(alone.main)} ms; receive from a worker: objects ${ms(objects.main)} ms, flat ${ms(flat.main)} ms` +
        ` → main thread at best ${ms(imported.main - alone.main + Math.min(objects.main, flat.main))} ms (${((1 - (imported.main - alone.main + Math.min(objects.main, flat.main)) / imported.main) * 100).toFixed(1)}% less)`,
    );
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
