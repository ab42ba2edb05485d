// Runs the built `salestouch` binary as a child process in a sandbox of its own: temp HOME,
// XDG and data folders, and a working directory that is its own project root, so no setting of
// this machine or this repository leaks in.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Envelope } from "@salestouch/contracts";
import { tempDir } from "./server.js";

export const CLI_BIN = join(import.meta.dirname, "..", "..", "apps", "cli", "dist", "main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** Written to standard input, which is then closed; without it stdin is closed at once. */
  stdin?: string;
  cwd?: string;
}

export interface CliSandbox {
  root: string;
  /** The working directory: a project root (it holds .git), with no project file until one is written. */
  cwd: string;
  home: string;
  configHome: string;
  dataHome: string;
  /** The variables every run gets; a run's own `env` adds to or removes (undefined) from them. */
  env: Record<string, string>;
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /** Runs with --json and parses stdout, failing unless stdout is exactly one JSON document. */
  runJson<T = unknown>(args: readonly string[], options?: CliRunOptions): Promise<{ code: number; json: T; stderr: string }>;
  writeProjectConfig(config: Record<string, string>): string;
  writeGlobalConfig(config: Record<string, string>): string;
  remove(): void;
}

/** process.env without anything that would choose a database, a server, a key or colours. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SALESTOUCH_|XDG_)/.test(key) || ["DATABASE_URL", "NO_COLOR", "FORCE_COLOR", "HOME"].includes(key)) continue;
    out[key] = value;
  }
  return out;
}

export function runCliProcess(args: readonly string[], options: { env: Record<string, string>; cwd: string; stdin?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}

function parseSingleJson<T>(stdout: string, context: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch (error) {
    throw new Error(`${context}: stdout is not exactly one JSON document (${(error as Error).message}):\n${stdout}`);
  }
}

export function cliSandbox(): CliSandbox {
  const dir = tempDir("salestouch-cli-");
  const cwd = join(dir.path, "project");
  const home = join(dir.path, "home");
  const configHome = join(dir.path, "config");
  const dataHome = join(dir.path, "data");
  for (const path of [join(cwd, ".git"), home, configHome, dataHome]) mkdirSync(path, { recursive: true });
  const env = { ...cleanEnv(), HOME: home, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: dataHome, SALESTOUCH_LOG_LEVEL: "silent" };
  const writeJson = (path: string, value: unknown) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const run = (args: readonly string[], options: CliRunOptions = {}) => {
    const merged: Record<string, string> = { ...env };
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    return runCliProcess(args, { env: merged, cwd: options.cwd ?? cwd, stdin: options.stdin });
  };
  return {
    root: dir.path,
    cwd,
    home,
    configHome,
    dataHome,
    env,
    run,
    async runJson<T>(args: readonly string[], options?: CliRunOptions) {
      const result = await run(args, options);
      return {
        code: result.code,
        json: parseSingleJson<T>(result.stdout, `salestouch ${args.join(" ")} (stderr: ${result.stderr})`),
        stderr: result.stderr,
      };
    },
    writeProjectConfig: (config) => writeJson(join(cwd, ".salestouch", "salestouch.json"), config),
    writeGlobalConfig: (config) => writeJson(join(configHome, "salestouch", "salestouch.json"), config),
    remove: dir.remove,
  };
}

/** `salestouch commands run <id> --input-json <input> --json` in this sandbox, as an envelope. */
export async function runCommandJson(
  sandbox: CliSandbox,
  commandId: string,
  input: unknown,
  env?: CliRunOptions["env"],
): Promise<{ code: number; envelope: Envelope; stderr: string }> {
  const { code, json, stderr } = await sandbox.runJson<Envelope>(["commands", "run", commandId, "--input-json", JSON.stringify(input), "--json"], {
    env,
  });
  return { code, envelope: json, stderr };
}
