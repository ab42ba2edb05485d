// How cost grows with the data behind it: lead.search per query shape at 100k, 1M (and 5M in
// --full) leads, and HTTP mission.create / mission.get with 1k vs 1M missions and 10 vs 10k API keys
// in the workspace. Each size is a cached fixture (fixtures.ts); the HTTP targets are real server
// processes measured in interleaved rounds, each compared with the small workspace in the same round.
import { rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { fixture, type FixtureShape } from "./fixtures.js";
import { startProcess, type StartedProcess } from "./processes.js";
import { benchSearch, type SearchFigures } from "./search.js";
import { median, round, spread } from "./stats.js";

export interface GrowthFigures {
  /** lead.search figures by number of leads. */
  search: Record<string, SearchFigures>;
  /** req/s of each command by workspace shape, with the per-round ratio to the small workspace. */
  http: Record<string, { shape: string; command: string; reqPerSec: number; p99: number; ratio: number; ratios: number[]; spread: number }>;
}

export async function benchSearchGrowth(options: {
  root: string;
  workDir: string;
  sizes: number[];
  rounds: number;
}): Promise<Record<string, SearchFigures>> {
  const out: Record<string, SearchFigures> = {};
  for (const leads of options.sizes) {
    const file = join(options.workDir, `search-${leads}.db`);
    await fixture(options.root, { leads, missions: 0, keys: 0 }, file);
    try {
      out[String(leads)] = await benchSearch({ root: options.root, databaseFile: file, leads, rounds: options.rounds });
    } finally {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    }
  }
  return out;
}

const SHAPES: Record<string, FixtureShape> = {
  "1k missions, 10 keys": { leads: 0, missions: 1_000, keys: 10 },
  "1M missions, 10 keys": { leads: 0, missions: 1_000_000, keys: 10 },
  "1k missions, 10k keys": { leads: 0, missions: 1_000, keys: 10_000 },
};
const SMALL = "1k missions, 10 keys";

const CREATE = JSON.stringify({ input: { name: "Growth mission", target_audience: "Heads of sales", example_messages: ["Hi {first_name}"] } });

async function serve(
  root: string,
  workDir: string,
  name: string,
  shape: FixtureShape,
): Promise<{ server: StartedProcess; url: string; key: string; missionId: string }> {
  const f = await fixture(root, shape, join(workDir, `growth-${name.replace(/\W+/g, "-")}.db`));
  const server = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], {
    env: { NODE_ENV: "production", SALESTOUCH_RATE_LIMIT: "0", PORT: "0", SALESTOUCH_DATABASE_URL: f.file, DATABASE_URL: "" },
    ready: /try:/,
    timeoutMs: 60_000,
  });
  return { server, url: /listening on (http:\/\/\S+)/.exec(server.banner)![1]!, key: f.key, missionId: f.missionId };
}

/** mission.create and mission.get against each workspace shape, `rounds` interleaved rounds of `seconds` each. */
export async function benchMissionGrowth(options: {
  root: string;
  workDir: string;
  rounds: number;
  seconds: number;
  connections: number;
}): Promise<GrowthFigures["http"]> {
  const targets: { name: string; server: StartedProcess; url: string; key: string; missionId: string }[] = [];
  try {
    for (const [name, shape] of Object.entries(SHAPES)) targets.push({ name, ...(await serve(options.root, options.workDir, name, shape)) });
    const runs = new Map<string, autocannon.Result[]>();
    const load = (t: (typeof targets)[number], command: string, seconds: number) =>
      autocannon({
        url: `${t.url}/api/v1/commands/${command}`,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${t.key}` },
        body: command === "mission.create" ? CREATE : JSON.stringify({ input: { mission_id: t.missionId } }),
        connections: options.connections,
        duration: seconds,
        timeout: 10,
      });
    for (const t of targets) for (const command of ["mission.create", "mission.get"]) await load(t, command, 1); // warm-up
    for (let r = 0; r < options.rounds; r++) {
      for (const command of ["mission.create", "mission.get"]) {
        for (const t of targets) {
          const result = await load(t, command, options.seconds);
          if (result.errors + result.non2xx > 0) throw new Error(`${t.name} ${command}: ${result.errors + result.non2xx} failed requests`);
          const key = `${command} | ${t.name}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
        }
      }
    }
    const out: GrowthFigures["http"] = {};
    for (const [key, results] of runs) {
      const [command, shape] = key.split(" | ") as [string, string];
      const small = runs.get(`${command} | ${SMALL}`)!;
      const ratios = results.map((r, i) => r.requests.average / Math.max(small[i]!.requests.average, 1));
      const rps = results.map((r) => r.requests.average);
      out[key] = {
        shape,
        command,
        reqPerSec: round(median(rps), 0),
        p99: median(results.map((r) => r.latency.p99)),
        ratio: round(median(ratios)),
        ratios: ratios.map((x) => round(x)),
        spread: round(spread(rps), 3),
      };
    }
    return out;
  } finally {
    for (const t of targets) await t.server.stop();
  }
}

export function growthRows(growth: GrowthFigures): string[] {
  const sizes = Object.keys(growth.search);
  const kinds = Object.keys(growth.search[sizes[0]!]?.byKind ?? {});
  const rows = [
    `| lead.search p99 ms (p50) by leads in the workspace | ${sizes.map((s) => Number(s).toLocaleString("en")).join(" | ")} |`,
    `|---|${sizes.map(() => "---").join("|")}|`,
    `| all shapes | ${sizes.map((s) => `${growth.search[s]!.p99Ms} (${growth.search[s]!.p50Ms})`).join(" | ")} |`,
    ...kinds.map(
      (k) => `| ${k} | ${sizes.map((s) => `${growth.search[s]!.byKind[k]!.p99Ms} (${growth.search[s]!.byKind[k]!.p50Ms})`).join(" | ")} |`,
    ),
    "",
    `Goal: p99 < 30 ms on every shape, flat with the number of leads.`,
  ];
  if (Object.keys(growth.http).length > 0) {
    rows.push(
      "",
      "| HTTP, 16 connections | workspace | req/s | p99 ms | × the 1k-mission, 10-key workspace (median of per-round ratios) | per round | spread |",
      "|---|---|---|---|---|---|---|",
      ...Object.values(growth.http).map(
        (f) =>
          `| ${f.command} | ${f.shape} | ${f.reqPerSec} | ${f.p99} | ${f.ratio} | ${f.ratios.join(", ")} | ${round(f.spread * 100, 1)}%${f.spread > 0.1 ? " (noisy)" : ""} |`,
      ),
      "",
      "Goal: flat (ratio ≈ 1) as missions and keys grow.",
    );
  }
  return rows;
}
