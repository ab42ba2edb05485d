// `pnpm bench:wire`: what the PostgreSQL server and its bare node:http + pg baseline send to the
// database per call — round trips (Sync and Query messages), statements parsed, statements executed —
// counted by a proxy in front of a scratch cluster, with one connection of load and with sixteen.
// Counts, not rates: they hold on a loaded machine (the proxy's own cost makes its req/s meaningless).
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startWireCounter } from "../tests/helpers/pg-wire-counter.js";
import { startScratchCluster } from "../tests/helpers/scratch-cluster.js";
import { startProcess } from "./src/processes.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BODY = JSON.stringify({
  input: { name: "Benchmark mission", target_audience: "Heads of sales at SaaS scale-ups", example_messages: ["Hi {first_name}"] },
});
const home = join(tmpdir(), `salestouch-wire-${process.pid}`);

const cluster = await startScratchCluster();
const wire = await startWireCounter(cluster.url);
const server = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], {
  env: { NODE_ENV: "production", SALESTOUCH_RATE_LIMIT: "0", PORT: "0", SALESTOUCH_HOME: home, SALESTOUCH_DATABASE_URL: "", DATABASE_URL: wire.url },
  ready: /try:/,
});
const base = await startProcess(process.execPath, [join(root, "bench/src/baselines/node-http.mjs"), wire.url], {
  env: { NODE_ENV: "production" },
  ready: /LISTENING \d+ KEY \S+/,
});
try {
  const runtime = {
    url: /listening on (http:\/\/\S+)/.exec(server.banner)![1]!,
    headers: { authorization: `Bearer ${/API key:\s+(st_\S+)/.exec(server.banner)![1]!}` },
  };
  const [, port, key] = /LISTENING (\d+) KEY (\S+)/.exec(base.banner)!;
  const baseline = { url: `http://127.0.0.1:${port}`, headers: { authorization: `Bearer ${key}` } };
  const call = async (target: typeof runtime, command: string, body: string, connections: number, seconds: number) =>
    autocannon({
      url: `${target.url}/api/v1/commands/${command}`,
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body,
      connections,
      duration: seconds,
    });
  const missionOf = async (target: typeof runtime) => {
    const answer = await fetch(`${target.url}/api/v1/commands/mission.create`, {
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body: BODY,
    });
    return JSON.stringify({ input: { mission_id: ((await answer.json()) as { data: { mission: { id: string } } }).data.mission.id } });
  };
  const bodies = { runtime: await missionOf(runtime), baseline: await missionOf(baseline) };
  process.stdout.write("| call | connections | calls | round trips a call | parsed a call | executed a call |\n|---|---|---|---|---|---|\n");
  for (const connections of [1, 16]) {
    for (const [name, target, body] of [
      ["runtime", runtime, bodies.runtime],
      ["node:http + pg baseline", baseline, bodies.baseline],
    ] as const) {
      for (const [command, input] of [
        ["mission.create", BODY],
        ["mission.get", body],
      ] as const) {
        wire.reset();
        const result = await call(target, command, input, connections, 5);
        const calls = result.requests.total;
        if (result.non2xx > 0) throw new Error(`${name} ${command}: ${result.non2xx} answers were not 2xx`);
        const { roundTrips, parses, executes } = wire.counts();
        const per = (n: number) => (n / calls).toFixed(2);
        process.stdout.write(`| ${name} ${command} | ${connections} | ${calls} | ${per(roundTrips)} | ${per(parses)} | ${per(executes)} |\n`);
      }
    }
  }
} finally {
  await server.stop();
  await base.stop();
  await wire.close();
  cluster.stop();
  rmSync(home, { recursive: true, force: true });
}
