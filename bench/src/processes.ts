// Child processes for the benchmark: start a server, wait for the line that says where it listens, stop it.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface StartedProcess {
  child: ChildProcess;
  /** Everything printed on stdout before the ready line. */
  banner: string;
  stop(): Promise<void>;
}

/** Spawns and resolves once stdout matches `ready`; later output is discarded. */
export function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number },
): Promise<StartedProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let banner = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not become ready in time:\n${banner}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      banner += chunk.toString();
      if (!options.ready.test(banner)) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      resolve({
        child,
        banner,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      });
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited with ${code} before it was ready:\n${banner}`));
    });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Milliseconds from spawn to exit, for short-lived commands. */
export function timeSpawn(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
  input?: string,
): Promise<{ ms: number; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "ignore"] });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
    child.stdin.end(input ?? "");
  });
}
