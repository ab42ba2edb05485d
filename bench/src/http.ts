// HTTP command path: the built server against a bare node:http and a bare Express 5 baseline,
// all doing key lookup → parse → validate → one SQLite insert (or read) → reply and log line, under
// the same load, in the same run. The server also runs on PostgreSQL (a scratch cluster started here) against a bare
// node:http + pg baseline with the same pool size, measured in the same rounds.
import { join } from "node:path";
import autocannon from "autocannon";
import { startScratchCluster, type ScratchCluster } from "../../tests/helpers/scratch-cluster.js";
import { startProcess, type StartedProcess } from "./processes.js";
import { median, round, spread } from "./stats.js";

export interface LoadFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  spread: number;
  rounds: number[];
}

export interface HttpOptions {
  root: string;
  workDir: string;
  rounds: number;
  seconds: number;
  connections: number;
}

const BODY = JSON.stringify({
  input: { name: "Benchmark mission", target_audience: "Heads of sales at SaaS scale-ups", example_messages: ["Hi {first_name}"] },
});

async function load(
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  seconds: number,
  connections: number,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json", ...headers },
    body,
    connections,
    duration: seconds,
    timeout: 10,
  });
}

function figures(results: autocannon.Result[]): LoadFigures {
  const rps = results.map((r) => r.requests.average);
  return {
    reqPerSec: round(median(rps), 0),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    spread: round(spread(rps), 3),
    rounds: rps.map((v) => round(v, 0)),
  };
}

interface Target {
  name: string;
  process: StartedProcess;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const production = { NODE_ENV: "production", SALESTOUCH_RATE_LIMIT: "0" };

/** The server on the scratch cluster's database: the same command path, PostgreSQL behind it. */
async function postgresTargets(options: HttpOptions, cluster: ScratchCluster): Promise<Target[]> {
  const server = await startProcess(process.execPath, [join(options.root, "apps/server/dist/main.js")], {
    env: { ...production, PORT: "0", SALESTOUCH_HOME: join(options.workDir, "runtime-pg"), SALESTOUCH_DATABASE_URL: "", DATABASE_URL: cluster.url },
    ready: /try:/,
  });
  const url = /listening on (http:\/\/\S+)/.exec(server.banner)![1]!;
  const auth = { authorization: `Bearer ${/API key:\s+(st_\S+)/.exec(server.banner)![1]!}` };
  const created = await createMission(url, auth);
  const base = await startBaseline(options, cluster.url);
  const baseCreated = await createMission(base.url, base.auth);
  return [
    { name: "runtime mission.create (PostgreSQL)", process: server, url: `${url}/api/v1/commands/mission.create`, headers: auth, body: BODY },
    { name: "node:http + pg baseline", process: base.process, url: `${base.url}/api/v1/commands/mission.create`, headers: base.auth, body: BODY },
    { name: "runtime mission.get (PostgreSQL)", process: server, url: `${url}/api/v1/commands/mission.get`, headers: auth, body: getBody(created) },
    {
      name: "node:http + pg baseline mission.get",
      process: base.process,
      url: `${base.url}/api/v1/commands/mission.get`,
      headers: base.auth,
      body: getBody(baseCreated),
    },
  ];
}

async function createMission(url: string, headers: Record<string, string>): Promise<string> {
  const answer = await fetch(`${url}/api/v1/commands/mission.create`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: BODY,
  });
  return ((await answer.json()) as { data: { mission: { id: string } } }).data.mission.id;
}

const getBody = (missionId: string): string => JSON.stringify({ input: { mission_id: missionId } });

/** A baseline server (bench/src/baselines) on a SQLite file or a PostgreSQL URL. */
async function startBaseline(
  options: HttpOptions,
  database: string,
  file = "node-http.mjs",
): Promise<{ process: StartedProcess; url: string; auth: Record<string, string> }> {
  const proc = await startProcess(process.execPath, [join(options.root, "bench/src/baselines", file), database], {
    env: production,
    ready: /LISTENING \d+ KEY \S+/,
  });
  const [, port, key] = /LISTENING (\d+) KEY (\S+)/.exec(proc.banner)!;
  return { process: proc, url: `http://127.0.0.1:${port}`, auth: { authorization: `Bearer ${key}` } };
}

async function startTargets(options: HttpOptions): Promise<Target[]> {
  const runtime = await startProcess(process.execPath, [join(options.root, "apps/server/dist/main.js")], {
    env: { ...production, PORT: "0", SALESTOUCH_HOME: join(options.workDir, "runtime"), SALESTOUCH_DATABASE_URL: "", DATABASE_URL: "" },
    ready: /try:/,
  });
  const url = /listening on (http:\/\/\S+)/.exec(runtime.banner)![1]!;
  const key = /API key:\s+(st_\S+)/.exec(runtime.banner)![1]!;
  const auth = { authorization: `Bearer ${key}` };
  const express = await startBaseline(options, join(options.workDir, "express-baseline.db"), "express.mjs");
  const node = await startBaseline(options, join(options.workDir, "node-http-baseline.db"));
  const created = await createMission(url, auth);
  const nodeCreated = await createMission(node.url, node.auth);
  return [
    { name: "runtime mission.create", process: runtime, url: `${url}/api/v1/commands/mission.create`, headers: auth, body: BODY },
    { name: "express baseline", process: express.process, url: `${express.url}/api/v1/commands/mission.create`, headers: express.auth, body: BODY },
    { name: "node:http baseline", process: node.process, url: `${node.url}/api/v1/commands/mission.create`, headers: node.auth, body: BODY },
    { name: "runtime mission.get", process: runtime, url: `${url}/api/v1/commands/mission.get`, headers: auth, body: getBody(created) },
    {
      name: "node:http baseline mission.get",
      process: node.process,
      url: `${node.url}/api/v1/commands/mission.get`,
      headers: node.auth,
      body: getBody(nodeCreated),
    },
  ];
}

export async function benchHttp(options: HttpOptions): Promise<Record<string, LoadFigures>> {
  const cluster = await startScratchCluster();
  const targets: Target[] = [];
  try {
    targets.push(...(await startTargets(options)), ...(await postgresTargets(options, cluster)));
    for (const t of targets) await load(t.url, t.headers, t.body, 2, options.connections); // warm-up
    const results = new Map<string, autocannon.Result[]>(targets.map((t) => [t.name, []]));
    // Rounds interleave the targets so drift on the machine hits each of them alike.
    for (let r = 0; r < options.rounds; r++) {
      for (const t of targets) results.get(t.name)!.push(await load(t.url, t.headers, t.body, options.seconds, options.connections));
    }
    for (const [name, list] of results) {
      const errors = list.reduce((n, r) => n + r.errors + r.non2xx, 0);
      if (errors > 0) throw new Error(`${name}: ${errors} failed requests during the benchmark`);
    }
    return Object.fromEntries([...results].map(([name, list]) => [name, figures(list)]));
  } finally {
    for (const t of new Set(targets.map((x) => x.process))) await t.stop();
    cluster.stop();
  }
}
