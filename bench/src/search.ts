// lead.search latency over the 1M leads the import benchmark wrote: a mix of the searches an agent
// makes (name and company words, title, first/last name, mission + status, top scores), each run
// through the whole runtime pipeline in a child process; p50 and p99 per kind and overall.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LEAD_WORDS } from "./lead-data.js";

export interface SearchFigures {
  leads: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  byKind: Record<string, { p50Ms: number; p99Ms: number }>;
  /** mission.get of the mission that holds every one of those leads (its stats included). */
  missionGet: { p50Ms: number; p99Ms: number };
}

const SEARCH_CHILD = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const words = JSON.parse(process.env.WORDS);
const rounds = Number(process.env.ROUNDS);
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const missionId = (await local.runtime.execute("mission.list", {}, { principal })).data.missions[0].id;
const pick = (list, i) => list[i % list.length];
const kinds = {
  "last name prefix": (i) => ({ query: pick(words.LAST, i).slice(0, 4) }),
  "company + title words": (i) => ({ query: pick(words.COMPANY_A, i) + " " + pick(words.TITLES, i).split(" ")[0] }),
  "first + last name": (i) => ({ first_name: pick(words.FIRST, i), last_name: pick(words.LAST, i * 3) }),
  "company number word": (i) => ({ query: pick(words.COMPANY_B, i) + " " + (i % 997) }),
  "mission + status": (i) => ({ mission_id: missionId, status: i % 2 ? "New" : "Contacted" }),
  "top scores in mission": () => ({ mission_id: missionId, min_score: 90, sort: "score" }),
  "title word, newest": (i) => ({ query: pick(words.TITLES, i).split(" ")[0], sort: "newest" }),
};
const times = {};
let missionGet;
let leads = 0;
for (let i = 0; i < rounds; i++) {
  for (const [kind, input] of Object.entries(kinds)) {
    const started = performance.now();
    const result = await local.runtime.execute("lead.search", input(i), { principal });
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(kind + ": " + result.error.message);
    if (i > 0) (times[kind] ??= []).push(ms);
    leads = Math.max(leads, result.data.count);
  }
  const started = performance.now();
  const mission = await local.runtime.execute("mission.get", { mission_id: missionId }, { principal });
  if (!mission.ok) throw new Error("mission.get: " + mission.error.message);
  if (i > 0) (missionGet ??= []).push(performance.now() - started);
}
await local.close();
process.stdout.write(JSON.stringify({ times, missionGet }) + "\\n");
`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

interface ChildTimes {
  times: Record<string, number[]>;
  missionGet: number[];
}

function runChild(env: Record<string, string>): Promise<ChildTimes> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", SEARCH_CHILD], {
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
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!) as ChildTimes)
        : reject(new Error(`search child exited ${code}: ${err.slice(-1500)}`)),
    );
  });
}

/** Runs the mix `rounds` times (the first round warms caches and is not counted). */
export async function benchSearch(options: { root: string; databaseFile: string; leads: number; rounds: number }): Promise<SearchFigures> {
  const { times, missionGet } = await runChild({
    HOST_MODULE: pathToFileURL(join(options.root, "packages/host/dist/index.js")).href,
    DATABASE_FILE: options.databaseFile,
    WORDS: JSON.stringify(LEAD_WORDS),
    ROUNDS: String(options.rounds),
  });
  const all = Object.values(times).flat();
  const byKind = Object.fromEntries(Object.entries(times).map(([kind, ms]) => [kind, { p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99) }]));
  return {
    leads: options.leads,
    queries: all.length,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    byKind,
    missionGet: { p50Ms: percentile(missionGet, 50), p99Ms: percentile(missionGet, 99) },
  };
}
