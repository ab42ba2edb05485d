// Lead scoring: the background rescoring of every lead of a mission under a 40-pattern profile
// (leads per second, the job drained in the process that queued it), next to a raw better-sqlite3
// update of the same links' score columns in batches of the same size; and what scoring costs
// import.csv (the same file imported with and without an active profile, interleaved rounds).
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runChild } from "./imports.js";
import { LEAD_WORDS, REALISTIC, writeLeadCsv } from "./lead-data.js";
import { median, round, spread } from "./stats.js";

export interface ScoringFigures {
  rows: number;
  rounds: number;
  patterns: number;
  /** import.csv rows per second without a profile and with one (each row's links scored). */
  importPlain: { rowsPerSec: number; spread: number };
  importScored: { rowsPerSec: number; spread: number };
  /** Background rescoring of the mission's leads after a profile change, and the raw update baseline. */
  rescore: { leads: number; leadsPerSec: number; spread: number; peakRssMb: number };
  rawUpdate: { leadsPerSec: number; spread: number };
  big?: { leads: number; leadsPerSec: number; peakRssMb: number };
}

/** 40 patterns of the published workflows' weights (3, 1.5, -2, -4) over job title words. */
export function profilePatterns(): { pattern: string; weight: number }[] {
  const titles = LEAD_WORDS.TITLES.map((t) => t.toLowerCase());
  const phrases = [...new Set([...titles, ...titles.flatMap((t) => t.split(" "))])];
  const weights = [3, 1.5, -2, -4];
  return Array.from({ length: 40 }, (_, i) => ({
    pattern: i < phrases.length ? phrases[i]! : `${phrases[i % phrases.length]} ${i}`,
    weight: weights[i % 4]!,
  }));
}

/** Imports the file (after activating the profile when SCORED=1); with RESCORE=1 then changes the profile and drains the job. */
const SCORING_CHILD = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const patterns = JSON.parse(process.env.PATTERNS);
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const run = async (id, input) => {
  const r = await local.runtime.execute(id, input, { principal });
  if (!r.ok) throw new Error(id + ": " + r.error.message);
  return r.data;
};
if (process.env.SCORED === "1") await run("scoring.profile.update", { patterns });
await local.jobs.drain();
const mission = (await run("mission.create", { name: "Bench" })).mission.id;
let started = performance.now();
const imported = await run("import.csv", { mission_id: mission, name: "bench.csv", csv_path: process.env.CSV_FILE });
const importSeconds = (performance.now() - started) / 1000;
let rescoreSeconds = 0;
let leads = 0;
if (process.env.RESCORE === "1") {
  await run("scoring.profile.update", { patterns: patterns.map((p, i) => ({ ...p, weight: i % 5 === 0 ? -p.weight : p.weight })) });
  started = performance.now();
  await local.jobs.drain();
  rescoreSeconds = (performance.now() - started) / 1000;
  const status = await run("scoring.status.get", { mission_id: mission });
  if (status.mission_leads.current !== status.mission_leads.total) throw new Error("rescoring left leads on an older version: " + JSON.stringify(status));
  leads = status.mission_leads.total;
}
await local.close();
process.stdout.write(JSON.stringify({ importSeconds, rows: imported.row_count, rescoreSeconds, leads, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + "\\n");
`;

/** The same links' score columns set with one prepared statement, batches of 1000 in their own transactions. */
const RAW_UPDATE_CHILD = `
const { default: Database } = await import(process.env.SQLITE_MODULE);
const db = new Database(process.env.DATABASE_FILE);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const links = db.prepare("select mission_id, lead_id from mission_leads order by mission_id, lead_id").all();
const update = db.prepare("update mission_leads set score = ?, score_version = ? where mission_id = ? and lead_id = ?");
const started = performance.now();
for (let i = 0; i < links.length; i += 1000) {
  db.transaction(() => {
    for (const l of links.slice(i, i + 1000)) update.run(i % 100, 99, l.mission_id, l.lead_id);
  })();
}
const seconds = (performance.now() - started) / 1000;
db.close();
process.stdout.write(JSON.stringify({ seconds, leads: links.length }) + "\\n");
`;

export interface ScoringBenchOptions {
  root: string;
  workDir: string;
  rows: number;
  rounds: number;
  /** Also rescore a mission of this many rows once (the 1M figure). */
  bigRows?: number;
}

function rateOf(values: number[]): { rate: number; spread: number } {
  return { rate: Math.round(median(values)), spread: round(spread(values), 3) };
}

export async function benchScoring(options: ScoringBenchOptions): Promise<ScoringFigures> {
  const { root, workDir } = options;
  const env = {
    HOST_MODULE: pathToFileURL(join(root, "packages/host/dist/index.js")).href,
    SQLITE_MODULE: pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href,
    PATTERNS: JSON.stringify(profilePatterns()),
  };
  const csv = join(workDir, "scoring.csv");
  await writeLeadCsv(csv, { rows: options.rows, ...REALISTIC });
  const plain: number[] = [];
  const scored: number[] = [];
  const rescore: number[] = [];
  const raw: number[] = [];
  let leads = 0;
  let peakRssMb = 0;
  for (let round = 0; round < options.rounds; round++) {
    const db = (name: string) => join(workDir, `scoring-${name}-${round}.db`);
    const a = await runChild(SCORING_CHILD, { ...env, CSV_FILE: csv, DATABASE_FILE: db("plain"), RESCORE: "1" });
    plain.push(a["rows"]! / a["importSeconds"]!);
    rescore.push(a["leads"]! / a["rescoreSeconds"]!);
    leads = a["leads"]!;
    peakRssMb = Math.max(peakRssMb, a["peakRssMb"]!);
    const b = await runChild(SCORING_CHILD, { ...env, CSV_FILE: csv, DATABASE_FILE: db("scored") });
    scored.push(b["rows"]! / b["importSeconds"]!);
    const c = await runChild(RAW_UPDATE_CHILD, { ...env, DATABASE_FILE: db("plain") });
    raw.push(c["leads"]! / c["seconds"]!);
  }
  const figures: ScoringFigures = {
    rows: options.rows,
    rounds: options.rounds,
    patterns: 40,
    importPlain: { rowsPerSec: rateOf(plain).rate, spread: rateOf(plain).spread },
    importScored: { rowsPerSec: rateOf(scored).rate, spread: rateOf(scored).spread },
    rescore: { leads, leadsPerSec: rateOf(rescore).rate, spread: rateOf(rescore).spread, peakRssMb: round(peakRssMb, 0) },
    rawUpdate: { leadsPerSec: rateOf(raw).rate, spread: rateOf(raw).spread },
  };
  if (options.bigRows) {
    const bigCsv = join(workDir, "scoring-big.csv");
    await writeLeadCsv(bigCsv, { rows: options.bigRows, ...REALISTIC });
    const big = await runChild(SCORING_CHILD, { ...env, CSV_FILE: bigCsv, DATABASE_FILE: join(workDir, "scoring-big.db"), RESCORE: "1" });
    figures.big = { leads: big["leads"]!, leadsPerSec: Math.round(big["leads"]! / big["rescoreSeconds"]!), peakRssMb: round(big["peakRssMb"]!, 0) };
  }
  return figures;
}

export function scoringRows(f: ScoringFigures): string[] {
  const noisy = (s: number) => `${round(s * 100, 1)}%${s > 0.1 ? " (noisy)" : ""}`;
  const rows = [
    `| scoring (${f.rows} CSV rows, ${f.patterns} patterns, SQLite) | per second | ratio | goal | spread |`,
    "|---|---|---|---|---|",
    `| raw better-sqlite3 update of the same links' scores (baseline) | ${f.rawUpdate.leadsPerSec} | 1 | baseline | ${noisy(f.rawUpdate.spread)} |`,
    `| background rescoring, ${f.rescore.leads} mission leads | ${f.rescore.leadsPerSec} | ${round(f.rescore.leadsPerSec / f.rawUpdate.leadsPerSec)} of raw | ≥ 50,000 leads/s (${f.rescore.leadsPerSec >= 50_000 ? "met" : "not met"} this run) | ${noisy(f.rescore.spread)} |`,
    `| import.csv without a profile (baseline) | ${f.importPlain.rowsPerSec} | 1 | baseline | ${noisy(f.importPlain.spread)} |`,
    `| import.csv with an active profile (every link scored) | ${f.importScored.rowsPerSec} | ${round(f.importScored.rowsPerSec / f.importPlain.rowsPerSec)} | ≥ 0.9 (${f.importScored.rowsPerSec >= 0.9 * f.importPlain.rowsPerSec ? "met" : "not met"} this run) | ${noisy(f.importScored.spread)} |`,
  ];
  if (f.big)
    rows.push(
      `| background rescoring, ${f.big.leads} mission leads (once) | ${f.big.leadsPerSec} | | ≥ 50,000 leads/s | peak RSS ${f.big.peakRssMb} MB |`,
    );
  rows.push("", `Peak RSS of a ${f.rows}-row import and rescoring process: ${f.rescore.peakRssMb} MB.`);
  return rows;
}
