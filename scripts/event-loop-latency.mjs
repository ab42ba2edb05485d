#!/usr/bin/env node
// `node scripts/event-loop-latency.mjs`: how long /healthz, /readyz and a read command take on the built server
// (SQLite) while four writes wait for a lock another process holds, and while a CSV of several
// megabytes is imported — the figures docs/decisions/0012 states. Prints p50, p99 and max per probe.
// Run it on a quiet machine: on a busy one the figures measure the machine.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const Database = createRequire(join(root, "packages/store/package.json"))("better-sqlite3");
const home = mkdtempSync(join(tmpdir(), "salestouch-loop-"));

const child = spawn(process.execPath, [join(root, "apps/server/dist/main.js")], {
  env: {
    ...process.env,
    PORT: "0",
    SALESTOUCH_HOME: home,
    SALESTOUCH_RATE_LIMIT: "0",
    SALESTOUCH_BODY_LIMIT: "20mb",
    SALESTOUCH_LOG_LEVEL: "warn",
    SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS: "3000",
    DATABASE_URL: "",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
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

async function measure(title, work) {
  const results = await Promise.all(Object.values(probes).map((probe) => sample(probe, work)));
  await work;
  process.stdout.write(`${title}\n`);
  for (const [i, name] of Object.keys(probes).entries()) process.stdout.write(`  ${name.padEnd(14)} ${JSON.stringify(figure(results[i]))}\n`);
}

try {
  const mission = (await (await command("mission.create", { name: "Latency" })).json()).data.mission.id;
  const locker = new Database(join(home, "salestouch.db"));
  locker.exec("begin immediate");
  const waiting = Promise.all(Array.from({ length: 4 }, (_, i) => command("mission.create", { name: `waits ${i}` })));
  setTimeout(() => locker.exec("rollback"), 2500);
  await measure("four writes waiting 2.5 s for another process's lock", waiting);
  locker.close();
  const lines = ["email,first_name,last_name,company,job_title,location"];
  for (let i = 0; i < 30_000; i++)
    lines.push(`person${i}@example.com,Person,Number ${i},Company ${i % 500} Holdings,Head of Finance Operations,"City ${i % 97}, Country"`);
  const csv = lines.join("\n");
  await measure(
    `import.csv of ${(csv.length / 1e6).toFixed(1)} MB (30,000 rows)`,
    command("import.csv", { mission_id: mission, name: "Big", csv }).then((r) => r.arrayBuffer()),
  );
} finally {
  child.kill("SIGTERM");
  rmSync(home, { recursive: true, force: true });
}
