// Import throughput and memory: a generated 100k-row CSV through import.csv (csv_path, local mode)
// next to a raw better-sqlite3 insert of the same people in the same run, and the peak RSS of a
// 1M-row import. Each run is a fresh child process, so memory figures are its own.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REALISTIC, writeLeadCsv } from "./lead-data.js";
import { median, round, spread } from "./stats.js";

interface RateFigure {
  rowsPerSec: number;
  spread: number;
}

export interface ImportFigures {
  rows: number;
  rounds: number;
  /** import.csv end to end: rows read (created, skipped or invalid) per second. */
  importRate: RateFigure;
  /** Raw better-sqlite3: the same people inserted into the leads table, then also into its search index. */
  rawRate: RateFigure;
  rawWithSearchRate: RateFigure;
  counts: Record<string, number>;
  big: { rows: number; rowsPerSec: number; peakRssMb: number; smallPeakRssMb: number };
}

/** Opens the runtime, creates a mission, imports the file; prints timings and peak RSS as JSON. */
export const IMPORT_CHILD = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const mission = await local.runtime.execute("mission.create", { name: "Bench" }, { principal });
const started = performance.now();
const result = await local.runtime.execute("import.csv", { mission_id: mission.data.mission.id, name: "bench.csv", csv_path: process.env.CSV_FILE }, { principal });
const seconds = (performance.now() - started) / 1000;
if (!result.ok) throw new Error(result.error.message);
await local.close();
const d = result.data;
process.stdout.write(JSON.stringify({ seconds, rows: d.row_count, created: d.created_count, skipped: d.skipped_count, invalid: d.invalid_count, updated: d.updated_count, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + "\\n");
`;

/** The same people inserted with one prepared statement in one transaction (rows read before timing). */
const RAW_CHILD = `
import { readFileSync } from "node:fs";
const { openStore } = await import(process.env.STORE_MODULE);
const { default: Database } = await import(process.env.SQLITE_MODULE);
const store = await openStore({ url: process.env.DATABASE_FILE });
await store.close();
const seen = new Set();
const people = [];
for (const line of readFileSync(process.env.CSV_FILE, "utf8").split("\\n").slice(1)) {
  const c = line.split(",");
  const key = (c[2] ?? "").toLowerCase();
  if (!key.includes("@") || seen.has(key)) continue;
  seen.add(key);
  people.push(c);
}
const db = new Database(process.env.DATABASE_FILE);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.prepare("insert into workspaces (id, name, created_at) values ('ws_bench', 'bench', '2026-01-01T00:00:00.000Z')").run();
const insert = db.prepare("insert into leads (id, workspace_id, first_name, last_name, full_name, email, email_key, linkedin_url, linkedin_key, company, job_title, location, score, created_at, updated_at) values (?, 'ws_bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
const docs = db.prepare("insert into lead_search_docs (lead_id) select id from leads where id > ? and id <= ? order by id");
const fts = db.prepare("insert into leads_fts (rowid, full_name, first_name, last_name, company, job_title, headline) select d.doc_id, l.full_name, l.first_name, l.last_name, l.company, l.job_title, l.headline from lead_search_docs d join leads l on l.id = d.lead_id where d.lead_id > ? and d.lead_id <= ?");
const withSearch = process.env.WITH_SEARCH === "1";
const id = (i) => "lead_" + String(i).padStart(9, "0");
const started = performance.now();
db.transaction(() => {
  people.forEach((c, i) => {
    insert.run(id(i), c[0], c[1], c[0] + " " + c[1], c[2], c[2].toLowerCase(), c[3], c[3].split("/in/")[1], c[4], c[5], c[6], Number(c[7]));
    if (withSearch && (i % 500 === 499 || i === people.length - 1)) {
      docs.run(id(i - (i % 500) - 1), id(i));
      fts.run(id(i - (i % 500) - 1), id(i));
    }
  });
})();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, rows: people.length }) + "\\n");
`;

export function runChild(code: string, env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as Record<string, number>);
      else reject(new Error(`benchmark child exited ${code}: ${err.slice(-1500)}`));
    });
  });
}

export interface ImportBenchOptions {
  root: string;
  workDir: string;
  rows: number;
  bigRows: number;
  /** Rounds of raw, raw + search, import (interleaved, so load changes hit all three). */
  rounds: number;
}

function rate(runs: Record<string, number>[]): RateFigure {
  const rates = runs.map((r) => r["rows"]! / r["seconds"]!);
  return { rowsPerSec: Math.round(median(rates)), spread: round(spread(rates), 3) };
}

/** Runs every import figure; leaves the big import's database at `<workDir>/imports-big.db` for the search benchmark. */
export async function benchImports(options: ImportBenchOptions): Promise<ImportFigures> {
  const { root, workDir } = options;
  const modules = {
    HOST_MODULE: pathToFileURL(join(root, "packages/host/dist/index.js")).href,
    STORE_MODULE: pathToFileURL(join(root, "packages/store/dist/index.js")).href,
    SQLITE_MODULE: pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href,
  };
  const csv = join(workDir, "imports.csv");
  await writeLeadCsv(csv, { rows: options.rows, ...REALISTIC });
  const runs: Record<"raw" | "rawSearch" | "ours", Record<string, number>[]> = { raw: [], rawSearch: [], ours: [] };
  for (let round = 0; round < options.rounds; round++) {
    const db = (name: string) => join(workDir, `${name}-${round}.db`);
    runs.raw.push(await runChild(RAW_CHILD, { ...modules, CSV_FILE: csv, DATABASE_FILE: db("raw") }));
    runs.rawSearch.push(await runChild(RAW_CHILD, { ...modules, CSV_FILE: csv, DATABASE_FILE: db("raw-search"), WITH_SEARCH: "1" }));
    runs.ours.push(await runChild(IMPORT_CHILD, { ...modules, CSV_FILE: csv, DATABASE_FILE: db("imports") }));
  }
  const bigCsv = join(workDir, "imports-big.csv");
  await writeLeadCsv(bigCsv, { rows: options.bigRows, ...REALISTIC });
  const big = await runChild(IMPORT_CHILD, { ...modules, CSV_FILE: bigCsv, DATABASE_FILE: join(workDir, "imports-big.db") });
  const last = runs.ours[runs.ours.length - 1]!;
  return {
    rows: options.rows,
    rounds: options.rounds,
    importRate: rate(runs.ours),
    rawRate: rate(runs.raw),
    rawWithSearchRate: rate(runs.rawSearch),
    counts: { created: last["created"]!, updated: last["updated"]!, skipped: last["skipped"]!, invalid: last["invalid"]! },
    big: {
      rows: options.bigRows,
      rowsPerSec: Math.round(big["rows"]! / big["seconds"]!),
      peakRssMb: round(big["peakRssMb"]!, 0),
      smallPeakRssMb: round(Math.max(...runs.ours.map((r) => r["peakRssMb"]!)), 0),
    },
  };
}
