// Process-level figures: CLI and MCP stdio start-up and a cold server start, each next to a bare
// `node -e 0` spawn measured in the same run.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, startProcess, timeSpawn } from "./processes.js";
import { median, round, spread } from "./stats.js";

export interface SpawnFigure {
  medianMs: number;
  spread: number;
  runs: number;
}

async function repeat(runs: number, fn: () => Promise<number>): Promise<SpawnFigure> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  return { medianMs: round(median(times), 1), spread: round(spread(times), 3), runs };
}

export async function benchNodeSpawn(runs: number): Promise<SpawnFigure> {
  return repeat(runs, async () => (await timeSpawn(process.execPath, ["-e", "0"])).ms);
}

export async function benchCli(root: string, workDir: string, runs: number): Promise<Record<string, SpawnFigure> | null> {
  const cli = join(root, "apps/cli/dist/main.js");
  if (!existsSync(cli)) return null;
  const env = {
    SALESTOUCH_HOME: join(workDir, "cli"),
    SALESTOUCH_DATABASE_URL: "",
    DATABASE_URL: "",
    SALESTOUCH_API_BASE_URL: "",
    HOME: workDir,
    XDG_CONFIG_HOME: join(workDir, "config"),
  };
  const run = async (args: string[]): Promise<number> => {
    const result = await timeSpawn(process.execPath, [cli, ...args], env);
    if (result.code !== 0) throw new Error(`salestouch ${args.join(" ")} exited ${result.code}`);
    return result.ms;
  };
  await run(["commands", "run", "mission.create", "--input-json", '{"name":"warm"}', "--json"]);
  return {
    "cli commands run mission.create --json": await repeat(runs, () =>
      run(["commands", "run", "mission.create", "--input-json", '{"name":"bench"}', "--json"]),
    ),
    "cli commands list --json": await repeat(runs, () => run(["commands", "list", "--json"])),
  };
}

/** Spawn → answer to initialize + tools/list over stdio, with a minimal JSON-RPC exchange. */
export async function benchMcpStdio(root: string, workDir: string, runs: number): Promise<SpawnFigure | null> {
  const mcp = join(root, "apps/mcp/dist/main.js");
  if (!existsSync(mcp)) return null;
  const env = {
    SALESTOUCH_HOME: join(workDir, "mcp"),
    SALESTOUCH_DATABASE_URL: "",
    DATABASE_URL: "",
    SALESTOUCH_API_BASE_URL: "",
    HOME: workDir,
    XDG_CONFIG_HOME: join(workDir, "config"),
  };
  const messages = [
    {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
    },
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { jsonrpc: "2.0", id: 2, method: "tools/list" },
  ];
  const once = async (): Promise<number> => {
    const { spawn } = await import("node:child_process");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [mcp], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "ignore"] });
    child.stdin.write(`${messages.map((m) => JSON.stringify(m)).join("\n")}\n`);
    return new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes('"id":2')) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          child.kill("SIGKILL");
          resolve(ms);
        }
      });
      child.once("exit", (code) => reject(new Error(`salestouch-mcp exited ${code} before answering tools/list: ${out}`)));
    });
  };
  await once();
  return repeat(runs, once);
}

/** Spawn the built server → first successful command over HTTP. */
export async function benchColdStart(root: string, workDir: string, runs: number): Promise<SpawnFigure> {
  const home = join(workDir, "cold");
  const env = { NODE_ENV: "production", SALESTOUCH_HOME: home, SALESTOUCH_DATABASE_URL: "", DATABASE_URL: "" };
  const first = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], { env: { ...env, PORT: "0" }, ready: /try:/ });
  const key = /API key:\s+(st_\S+)/.exec(first.banner)![1]!;
  await first.stop();
  const once = async (): Promise<number> => {
    const port = await freePort();
    const { spawn } = await import("node:child_process");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, "apps/server/dist/main.js")], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: "ignore",
    });
    try {
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/commands/mission.create`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
            body: '{"input":{"name":"cold"}}',
          });
          if (res.status === 200) return Number(process.hrtime.bigint() - started) / 1e6;
          throw new Error(`cold start answered ${res.status}`);
        } catch (error) {
          if ((error as Error).message.startsWith("cold start")) throw error;
          if (Number(process.hrtime.bigint() - started) > 20e9) throw new Error("server did not answer within 20 s");
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    } finally {
      child.kill("SIGKILL");
    }
  };
  return repeat(runs, once);
}

/**
 * A test suite's start of the throwaway server (@salestouch/testing, docs/consumers.md): from
 * spawning node to the first successful mission.create, as a test file that imports the package,
 * calls startTestServer() (in-memory database, a new key) and sends one command would see it.
 */
export async function benchTestServerColdStart(root: string, runs: number): Promise<SpawnFigure | null> {
  const entry = join(root, "packages/testing/dist/index.js");
  if (!existsSync(entry)) return null;
  const script = [
    `const { startTestServer } = await import(${JSON.stringify(pathToFileURL(entry).href)});`,
    "const server = await startTestServer();",
    `const res = await fetch(server.url + "/api/v1/commands/mission.create", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + server.apiKey }, body: '{"input":{"name":"cold"}}' });`,
    `process.stdout.write(res.status === 200 ? "ok\\n" : "status " + res.status + "\\n");`,
    "await server.stop();",
  ].join("\n");
  const once = async (): Promise<number> => {
    const { spawn } = await import("node:child_process");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`the test server process exited ${code} before answering`)));
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    child.kill("SIGKILL");
    if (line !== "ok") throw new Error(`test server cold start: mission.create answered ${line}`);
    return ms;
  };
  return repeat(runs, once);
}
