// Process-level figures: CLI and MCP stdio start-up and a cold server start, each next to a bare
// `node -e 0` spawn measured just before it in the same round. The ratio of a figure is the median
// of its per-round ratios (a load change between rounds moves both sides of a pair), its spread the
// spread of those ratios.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, startProcess, timeSpawn } from "./processes.js";
import { median, round, spread } from "./stats.js";

export interface SpawnFigure {
  medianMs: number;
  spread: number;
  runs: number;
  /** Median of the per-round ratios to the `node -e 0` spawn measured just before (absent for the baseline). */
  ratio?: number;
  ratioSpread?: number;
}

/** One process figure: warmed up already; `once` measures one start in milliseconds. */
interface Contender {
  name: string;
  once(): Promise<number>;
}

const nodeSpawn = async (): Promise<number> => (await timeSpawn(process.execPath, ["-e", "0"])).ms;

/** Round by round: `node -e 0`, then a contender, for every contender; the baseline's figure pools all its samples. */
async function interleaved(contenders: Contender[], runs: number): Promise<Record<string, SpawnFigure>> {
  const floor: number[] = [];
  const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const ratios = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < runs; i++) {
    for (const contender of contenders) {
      const base = await nodeSpawn();
      const ms = await contender.once();
      floor.push(base);
      times.get(contender.name)!.push(ms);
      ratios.get(contender.name)!.push(ms / base);
    }
  }
  const figures: Record<string, SpawnFigure> = {
    "node -e 0": { medianMs: round(median(floor), 1), spread: round(spread(floor), 3), runs: floor.length },
  };
  for (const { name } of contenders) {
    const t = times.get(name)!;
    const r = ratios.get(name)!;
    figures[name] = {
      medianMs: round(median(t), 1),
      spread: round(spread(t), 3),
      runs,
      ratio: round(median(r), 3),
      ratioSpread: round(spread(r), 3),
    };
  }
  return figures;
}

/** The start-up figures the run asks for, interleaved with their baseline; notes say what was not built. */
export async function benchStartUps(options: {
  root: string;
  workDir: string;
  runs: number;
  cli: boolean;
  mcp: boolean;
  cold: boolean;
}): Promise<{ figures: Record<string, SpawnFigure>; notes: string[] }> {
  const { root, workDir } = options;
  const contenders: Contender[] = [];
  const notes: string[] = [];
  if (options.cli) {
    const cli = await cliContenders(root, workDir);
    if (cli) contenders.push(...cli);
    else notes.push("CLI not built (apps/cli/dist missing): skipped");
  }
  if (options.mcp) {
    const mcp = await mcpContender(root, workDir);
    if (mcp) contenders.push(mcp);
    else notes.push("MCP stdio not built (apps/mcp/dist missing): skipped");
  }
  if (options.cold) {
    contenders.push(await coldStartContender(root, workDir));
    const testServer = await testServerContender(root);
    if (testServer) contenders.push(testServer);
    else notes.push("@salestouch/testing not built (packages/testing/dist missing): skipped");
  }
  return { figures: await interleaved(contenders, options.runs), notes };
}

async function cliContenders(root: string, workDir: string): Promise<Contender[] | null> {
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
  const create = ["commands", "run", "mission.create", "--input-json", '{"name":"bench"}', "--json"];
  const list = ["commands", "list", "--json"];
  // The first calls create the database and leave each variant's code cache, as an installed CLI's first calls do.
  for (const args of [create, create, list, list]) await run(args);
  return [
    { name: "cli commands run mission.create --json", once: () => run(create) },
    { name: "cli commands list --json", once: () => run(list) },
  ];
}

/** Spawn → answer to initialize + tools/list over stdio, with a minimal JSON-RPC exchange. */
async function mcpContender(root: string, workDir: string): Promise<Contender | null> {
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
  await once();
  return { name: "mcp stdio spawn → tools/list", once };
}

/** Spawn the built server → first successful command over HTTP. */
async function coldStartContender(root: string, workDir: string): Promise<Contender> {
  const home = join(workDir, "cold");
  const env = { NODE_ENV: "production", SALESTOUCH_HOME: home, SALESTOUCH_DATABASE_URL: "", DATABASE_URL: "" };
  const first = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], { env: { ...env, PORT: "0" }, ready: /try:/ });
  const key = /API key:\s+(st_\S+)/.exec(first.banner)![1]!;
  await first.stop();
  const once = async (): Promise<number> => {
    const port = await freePort();
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
  await once();
  return { name: "server cold start → first mission.create", once };
}

/**
 * A test suite's start of the throwaway server (@salestouch/testing, docs/consumers.md): from
 * spawning node to the first successful mission.create, as a test file that imports the package,
 * calls startTestServer() (in-memory database, a new key) and sends one command would see it.
 */
async function testServerContender(root: string): Promise<Contender | null> {
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
  await once();
  return { name: "test server (startTestServer) spawn → first mission.create", once };
}
