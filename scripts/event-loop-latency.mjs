#!/usr/bin/env node
// `node scripts/event-loop-latency.mjs [--only=lock,csv,…] [--held] [--profile=DIR]`: how long /healthz,
// /readyz and a read command take on the built server (SQLite) while a client makes it do
// something large — the figures docs/decisions/0012 states. Prints p50, p99 and max per probe,
// and the load average (on a busy machine the figures measure the machine).
//
// Scenarios: lock (four writes wait 2.5 s for a lock another process holds), csv (one 3.3 MB
// import.csv of 30,000 rows), concurrent (four ~1 MB import.csv at once from one key), leads
// (import.leads of 5,000 leads, about the default 1 MB body), list (lead.search pages of 100
// leads, the largest page, one after another), rescore (the background rescoring of every mission
// lead of the workspace after a profile change, 100,000 more imported first). --held reports each stretch the server held its
// loop for more than 20 ms with the CPU time it spent in it (Linux); --profile=DIR adds a CPU
// profile (`node --cpu-prof`) and the stretches (held.json, the profile's clock) in DIR.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const Database = createRequire(join(root, "packages/store/package.json"))("better-sqlite3");
const home = mkdtempSync(join(tmpdir(), "salestouch-loop-"));
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = arg("only")?.split(",");
const profile = arg("profile");

/**
 * Loaded into the server with --profile: every stretch the loop was held > 20 ms, with the CPU time
 * the main thread spent in it (Linux schedstat, nanoseconds): on a loaded machine a stretch of wall
 * time is often the scheduler's, one of CPU time is the server's own. Monotonic µs, the profile's clock.
 */
const WATCH = `
import { readFileSync, writeFileSync } from "node:fs";
const stat = "/proc/self/task/" + process.pid + "/schedstat";
const cpu = () => Number(readFileSync(stat, "utf8").split(" ")[0]);
let last = process.hrtime.bigint();
let lastCpu = cpu();
const held = [];
setInterval(() => {
  const now = process.hrtime.bigint();
  const nowCpu = cpu();
  if (now - last > 20_000_000n) held.push([Number(last / 1000n), Number(now / 1000n), Math.round((nowCpu - lastCpu) / 1e6)]);
  last = process.hrtime.bigint();
  lastCpu = nowCpu;
}, 1).unref();
process.on("exit", () => writeFileSync(process.env.LOOP_HELD_FILE, JSON.stringify(held)));
`;
const held = profile !== undefined || process.argv.includes("--held");
const execArgv = [];
if (held) {
  writeFileSync(join(home, "watch.mjs"), WATCH);
  execArgv.push("--import", join(home, "watch.mjs"));
}
if (profile) {
  mkdirSync(profile, { recursive: true });
  execArgv.push("--cpu-prof", `--cpu-prof-dir=${profile}`);
}

const env = {
  ...process.env,
  PORT: "0",
  SALESTOUCH_HOME: home,
  SALESTOUCH_RATE_LIMIT: "0",
  SALESTOUCH_BODY_LIMIT: "20mb",
  SALESTOUCH_LOG_LEVEL: "warn",
  SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS: "3000",
  DATABASE_URL: "",
  LOOP_HELD_FILE: join(home, "held.json"),
};
// The imports here run for the key without a person (a new workspace holds them for approval).
const relaxed = spawnSync(process.execPath, [join(root, "apps/cli/dist/main.js"), "policy", "set", "imports", "allow"], {
  env,
  cwd: home,
  encoding: "utf8",
});
if (relaxed.status !== 0) throw new Error(`policy set imports allow failed: ${relaxed.stderr}`);

const child = spawn(process.execPath, [...execArgv, join(root, "apps/server/dist/main.js")], { env, stdio: ["ignore", "pipe", "inherit"] });
let out = "";
const started = await new Promise((resolve) =>
  child.stdout.on("data", (c) => {
    out += c;
    if (out.includes("try:")) resolve({ url: /listening on (http:\/\/\S+)/.exec(out)[1], key: /API key:\s+(st_\S+)/.exec(out)[1] });
  }),
);
const { url, key } = started;
const command = (id, input) =>
  fetch(`${url}/api/v1/commands/${id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input }),
  });
/** A command that must succeed; its data. */
async function run(id, input) {
  const res = await command(id, input);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${id} answered ${res.status}: ${JSON.stringify(body.error ?? body)}`);
  return body.data;
}

async function sample(probe, until) {
  let done = false;
  until.finally(() => (done = true)).catch(() => undefined);
  const ms = [];
  while (!done) {
    const t = performance.now();
    await (await probe()).arrayBuffer();
    ms.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  return ms.sort((a, b) => a - b);
}

const figure = (ms) => ({
  n: ms.length,
  p50: Math.round(ms[Math.floor(ms.length / 2)]),
  p99: Math.round(ms[Math.ceil(ms.length * 0.99) - 1]),
  max: Math.round(ms.at(-1)),
});
const probes = {
  "/healthz": () => fetch(`${url}/healthz`),
  "/readyz": () => fetch(`${url}/readyz`),
  "mission.list": () => command("mission.list", {}),
};

/** Each scenario's title and its span on the monotonic clock (µs), the clock the server's stretches are timed on. */
const windows = [];
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function measure(title, work) {
  const load = loadavg()[0].toFixed(1);
  const started = performance.now();
  const window = { title, from: monotonicMicros() };
  windows.push(window);
  const results = await Promise.all(Object.values(probes).map((probe) => sample(probe, work)));
  await work;
  window.to = monotonicMicros();
  process.stdout.write(`${title} (${Math.round(performance.now() - started)} ms, load ${load} → ${loadavg()[0].toFixed(1)})\n`);
  for (const [i, name] of Object.keys(probes).entries()) process.stdout.write(`  ${name.padEnd(14)} ${JSON.stringify(figure(results[i]))}\n`);
}

function csvOf(rows, from = 0) {
  const lines = ["email,first_name,last_name,company,job_title,location"];
  for (let i = from; i < from + rows; i++)
    lines.push(`person${i}@example.com,Person,Number ${i},Company ${i % 500} Holdings,Head of Finance Operations,"City ${i % 97}, Country"`);
  return lines.join("\n");
}

const scenarios = {
  async lock() {
    const locker = new Database(join(home, "salestouch.db"));
    locker.exec("begin immediate");
    const waiting = Promise.all(Array.from({ length: 4 }, (_, i) => command("mission.create", { name: `waits ${i}` })));
    setTimeout(() => locker.exec("rollback"), 2500);
    await measure("four writes waiting 2.5 s for another process's lock", waiting);
    locker.close();
  },
  async csv(mission) {
    const csv = csvOf(30_000);
    const imported = run("import.csv", { mission_id: mission, name: "Big", csv }).then((data) => {
      if (data.created_count !== 30_000) throw new Error(`imported ${data.created_count} of 30,000 rows`);
    });
    await measure(`import.csv of ${(csv.length / 1e6).toFixed(1)} MB (30,000 rows)`, imported);
  },
  async concurrent(mission) {
    const files = Array.from({ length: 4 }, (_, i) => csvOf(9_000, 100_000 + i * 9_000));
    const imported = Promise.all(files.map((csv, i) => run("import.csv", { mission_id: mission, name: `Concurrent ${i}`, csv })));
    await measure(`four import.csv of ${(files[0].length / 1e6).toFixed(1)} MB at once (9,000 rows each)`, imported);
  },
  async leads(mission) {
    const leads = Array.from({ length: 5_000 }, (_, i) => ({
      email: `lead${i}@example.com`,
      first_name: "Lead",
      last_name: `Number ${i}`,
      company: `Company ${i % 300}`,
      job_title: "Head of Finance Operations",
    }));
    const size = JSON.stringify({ input: { leads } }).length;
    await measure(`import.leads of 5,000 leads (${(size / 1e6).toFixed(1)} MB)`, run("import.leads", { mission_id: mission, name: "Inline", leads }));
  },
  async rescore() {
    const mission = (await run("mission.create", { name: "Rescored" })).mission.id;
    const csv = csvOf(100_000, 1_000_000);
    await run("import.csv", { mission_id: mission, name: "To rescore", csv });
    const patterns = [
      { pattern: "head of finance", weight: 3 },
      { pattern: "operations", weight: 1.5 },
      { pattern: "intern", weight: -4 },
    ];
    await run("scoring.profile.update", { patterns });
    // Polled with an empty mission's scope: the jobs are the workspace's, and its counts cost nothing
    // (the workspace's own counts read every link, which would be measured instead of the job).
    const empty = (await run("mission.create", { name: "Empty" })).mission.id;
    const idle = async (job) => {
      for (;;) {
        const status = await run("scoring.status.get", { mission_id: empty });
        if (status.jobs.every((j) => j.job_id !== job || j.status === "done")) return run("scoring.status.get", {});
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const first = await run("scoring.status.get", {});
    await idle(first.jobs[0]?.job_id);
    const changed = await run("scoring.profile.update", { patterns: patterns.map((p) => ({ ...p, weight: p.weight * 2 })) });
    const drained = idle(changed.rescore_job_id).then((status) => {
      if (status.mission_leads.current !== status.mission_leads.total)
        throw new Error(`rescoring left leads behind: ${JSON.stringify(status.mission_leads)}`);
      return status.mission_leads.total;
    });
    await measure("background rescoring of the workspace's mission leads after a profile change", drained);
    process.stdout.write(`  (${await drained} mission leads)\n`);
  },
  async list(mission) {
    const pages = (async () => {
      for (let page = 0; page < 20; page++) await run("lead.search", { mission_id: mission, sort: "name", limit: 100, offset: page * 100 });
    })();
    await measure("lead.search, twenty pages of 100 leads (the largest page)", pages);
  },
};

try {
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ${new Date().toISOString()}\n`,
  );
  const mission = (await run("mission.create", { name: "Latency" })).mission.id;
  // Each probe once before any scenario: its first call compiles its validators (over 100 ms for
  // mission.list), which would otherwise land in whichever scenario runs first.
  for (const probe of Object.values(probes)) await (await probe()).arrayBuffer();
  for (const [name, scenario] of Object.entries(scenarios)) if (!only || only.includes(name)) await scenario(mission);
} finally {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.on("exit", resolve));
  if (held) {
    // The first stretch is the server's start (loading modules), before any request.
    const stretches = JSON.parse(readFileSync(env.LOOP_HELD_FILE, "utf8")).slice(1);
    const shown = (list) =>
      [...list]
        .sort((a, b) => b[2] - a[2])
        .slice(0, 5)
        .map(([a, b, c]) => `${c}/${Math.round((b - a) / 1000)}`)
        .join(", ") || "none";
    process.stdout.write("loop held > 20 ms, longest by the server's CPU time in them (ms of CPU / ms of wall):\n");
    for (const { title, from, to } of windows) {
      const inside = stretches.filter(([a, b]) => b > from && a < to);
      process.stdout.write(`  ${title.split(" (")[0].padEnd(50)} ${String(inside.length).padStart(4)} times; ${shown(inside)}\n`);
    }
    if (profile) writeFileSync(join(profile, "held.json"), JSON.stringify(stretches));
  }
  rmSync(home, { recursive: true, force: true });
}
