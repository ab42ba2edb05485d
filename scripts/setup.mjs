#!/usr/bin/env node
// `npm start` / `npm test` on a fresh machine with only Node 20 and npm: install what is missing
// (pnpm at the pinned version, dependencies, a build), then run the server or the whole test suite.
// Plain Node on purpose: nothing else is installed when this runs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const localPnpm = join(root, ".tools", "node_modules", ".bin", "pnpm");

function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...options.env } });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}`);
}

function versionOf(command) {
  const result = spawnSync(command, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Node ${process.versions.node} is too old: install Node 20.19 or newer`);
  }
}

/** pnpm at the pinned version: the one on PATH, else a global install, else one inside the repo. */
function ensurePnpm() {
  if (versionOf("pnpm") === PNPM_VERSION) return "pnpm";
  if (existsSync(localPnpm) && versionOf(localPnpm) === PNPM_VERSION) return localPnpm;
  say(`installing pnpm ${PNPM_VERSION}`);
  const global = spawnSync("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`], { stdio: "inherit" });
  if (global.status === 0 && versionOf("pnpm") === PNPM_VERSION) return "pnpm";
  say("global install not possible here; installing pnpm into .tools/");
  run("npm", ["install", "--prefix", join(root, ".tools"), "--no-save", `pnpm@${PNPM_VERSION}`]);
  return localPnpm;
}

function newer(a, b) {
  return statSync(a).mtimeMs > statSync(b).mtimeMs;
}

function ensureDependencies(pnpm) {
  const marker = join(root, "node_modules", ".pnpm", "lock.yaml");
  if (existsSync(marker) && !newer(join(root, "pnpm-lock.yaml"), marker)) return;
  say("installing dependencies (better-sqlite3 compiles from source the first time, about a minute)");
  // better-sqlite3 builds against Node's own headers; pnpm ignores this setting in .npmrc.
  const env = existsSync("/usr/include/node/node.h") ? { npm_config_nodedir: "/usr" } : {};
  run(pnpm, ["install", "--frozen-lockfile"], { env });
}

function build(pnpm) {
  say("building (turbo caches what did not change)");
  run(pnpm, ["run", "build"], { env: { TURBO_TELEMETRY_DISABLED: "1" } });
}

function exec(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const task = process.argv[2] ?? "install";
try {
  checkNode();
  const pnpm = ensurePnpm();
  ensureDependencies(pnpm);
  build(pnpm);
  if (task === "start") exec(process.execPath, [join(root, "apps/server/dist/main.js")]);
  else if (task === "test") exec(process.execPath, [join(root, "scripts/run-tests.mjs"), ...process.argv.slice(3)]);
  else if (task !== "install") throw new Error(`unknown task ${task}: use start, test or install`);
} catch (error) {
  say(error.message);
  process.exit(1);
}
