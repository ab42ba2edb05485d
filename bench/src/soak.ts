// The soak: a real server process on a 100k-lead workspace takes a fixed rate of mixed commands
// (creates, reads, lead upserts, searches, lists) for N minutes after a 10-second warm-up; each minute reports the requests
// it answered, their p50/p99 and the server's RSS (now and its high-water mark). Flat is the goal:
// a leak, a growing cache or a table that slows as it fills shows up as a rising column.
import { readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { fixture } from "./fixtures.js";
import { LEAD_WORDS } from "./lead-data.js";
import { startProcess } from "./processes.js";
import { round } from "./stats.js";

interface SoakMinute {
  minute: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  peakRssMb: number;
  /** The part of RSS that is the process's own memory (heap, buffers), without the database pages SQLite maps. */
  anonMb: number;
  /** p99 ms of each command this minute. */
  byCommand: Record<string, number>;
}

export interface SoakFigures {
  minutes: number;
  ratePerSec: number;
  leads: number;
  mix: string;
  perMinute: SoakMinute[];
  firstError?: string;
}

/** One in twenty requests of each kind, in this order, over and over. */
const MIX: [string, number][] = [
  ["mission.create", 5],
  ["mission.get", 5],
  ["lead.upsert", 4],
  ["lead.search", 4],
  ["mission.list", 2],
];

function memory(pid: number): { rssMb: number; peakRssMb: number; anonMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: round(kb("VmRSS") / 1024, 1), peakRssMb: round(kb("VmHWM") / 1024, 1), anonMb: round(kb("RssAnon") / 1024, 1) };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!, 2);
}

export async function benchSoak(options: {
  root: string;
  workDir: string;
  minutes: number;
  ratePerSec: number;
  leads: number;
}): Promise<SoakFigures> {
  const f = await fixture(options.root, { leads: options.leads, missions: 0, keys: 0 }, join(options.workDir, "soak.db"));
  const server = await startProcess(process.execPath, [join(options.root, "apps/server/dist/main.js")], {
    env: { NODE_ENV: "production", SALESTOUCH_RATE_LIMIT: "0", PORT: "0", SALESTOUCH_DATABASE_URL: f.file, DATABASE_URL: "" },
    ready: /try:/,
    timeoutMs: 60_000,
  });
  const url = new URL(/listening on (http:\/\/\S+)/.exec(server.banner)![1]!);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const kinds = MIX.flatMap(([command, n]) => Array<string>(n).fill(command));
  const missions: string[] = [f.missionId];
  let sent = 0;
  let firstError: string | undefined;
  const inputOf = (command: string, i: number): unknown => {
    const mission = missions[i % missions.length]!;
    switch (command) {
      case "mission.create":
        return { name: `Soak mission ${i}`, target_audience: "Heads of sales" };
      case "mission.get":
        return { mission_id: mission };
      case "lead.upsert":
        return { mission_id: f.missionId, email: `soak.${i}@example.com`, first_name: "Soak", last_name: `Lead ${i}`, company: "Soak Labs" };
      case "lead.search":
        return { query: `${LEAD_WORDS.LAST[i % LEAD_WORDS.LAST.length]!.slice(0, 4)} ${LEAD_WORDS.COMPANY_B[i % LEAD_WORDS.COMPANY_B.length]}` };
      default:
        return { limit: 20 };
    }
  };
  const call = (command: string, i: number): Promise<{ ms: number; ok: boolean }> =>
    new Promise((resolve) => {
      const started = performance.now();
      const body = JSON.stringify({ input: inputOf(command, i) });
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/v1/commands/${command}`,
          method: "POST",
          agent,
          headers: { "content-type": "application/json", authorization: `Bearer ${f.key}`, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => {
            const ok = res.statusCode === 200;
            if (!ok) firstError ??= `${command} ${res.statusCode}: ${text.slice(0, 300)}`;
            else if (command === "mission.create" && missions.length < 1000)
              missions.push((JSON.parse(text) as { data: { mission: { id: string } } }).data.mission.id);
            resolve({ ms: performance.now() - started, ok });
          });
        },
      );
      req.on("error", (error) => {
        firstError ??= `${command}: ${error.message}`;
        resolve({ ms: performance.now() - started, ok: false });
      });
      req.end(body);
    });

  const perMinute: SoakMinute[] = [];
  try {
    // Minute 0 is a 10-second warm-up (caches, JIT), not reported.
    for (let minute = 0; minute <= options.minutes; minute++) {
      const length = minute === 0 ? 10_000 : 60_000;
      const latencies: number[] = [];
      const byCommand: Record<string, number[]> = {};
      let errors = 0;
      const pending: Promise<void>[] = [];
      const start = performance.now();
      let due = 0;
      // Open loop: requests leave on schedule whether or not earlier ones have answered.
      while (performance.now() - start < length) {
        const target = Math.floor(((performance.now() - start) / 1000) * options.ratePerSec);
        for (; due < target; due++) {
          const i = sent++;
          const command = kinds[i % kinds.length]!;
          pending.push(
            call(command, i).then(({ ms, ok }) => {
              if (!ok) {
                errors++;
                return;
              }
              latencies.push(ms);
              const list = byCommand[command] ?? [];
              list.push(ms);
              byCommand[command] = list;
            }),
          );
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(pending);
      if (minute === 0) continue;
      latencies.sort((a, b) => a - b);
      perMinute.push({
        minute,
        requests: latencies.length + errors,
        errors,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        ...memory(server.child.pid!),
        byCommand: Object.fromEntries(
          Object.entries(byCommand).map(([c, ms]) => [
            c,
            percentile(
              ms.sort((a, b) => a - b),
              99,
            ),
          ]),
        ),
      });
      process.stderr.write(`soak minute ${minute}: ${JSON.stringify(perMinute.at(-1))}\n`);
    }
  } finally {
    agent.destroy();
    await server.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(f.file + suffix, { force: true });
  }
  return {
    minutes: options.minutes,
    ratePerSec: options.ratePerSec,
    leads: options.leads,
    mix: MIX.map(([c, n]) => `${c} ${n * 5}%`).join(", "),
    perMinute,
    ...(firstError ? { firstError } : {}),
  };
}

export function soakRows(soak: SoakFigures): string[] {
  const rows = [
    `Soak: ${soak.minutes} min at ${soak.ratePerSec} requests/s against one server process on a ${soak.leads.toLocaleString("en")}-lead workspace (${soak.mix}).`,
    "",
    "| minute | requests | errors | p50 ms | p99 ms | RSS MB | of it anonymous | peak RSS MB | p99 ms by command |",
    "|---|---|---|---|---|---|---|---|---|",
    ...soak.perMinute.map(
      (m) =>
        `| ${m.minute} | ${m.requests} | ${m.errors} | ${m.p50Ms} | ${m.p99Ms} | ${m.rssMb} | ${m.anonMb} | ${m.peakRssMb} | ${Object.entries(
          m.byCommand,
        )
          .map(([c, ms]) => `${c} ${ms}`)
          .join(", ")} |`,
    ),
  ];
  const first = soak.perMinute[0];
  const last = soak.perMinute.at(-1);
  if (first && last)
    rows.push(
      "",
      `Goal: flat. RSS last/first minute × ${round(last.rssMb / first.rssMb)} (anonymous × ${round(last.anonMb / first.anonMb)}), p99 × ${round(last.p99Ms / Math.max(first.p99Ms, 0.01))}.`,
    );
  if (soak.firstError) rows.push("", `First error: ${soak.firstError}`);
  return rows;
}
