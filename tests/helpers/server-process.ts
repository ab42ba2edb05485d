// The built server as a real child process, for tests that kill it or fight over its database.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export const SERVER_MAIN = join(import.meta.dirname, "..", "..", "apps/server/dist/main.js");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The first-start key, when the database had none. */
  key: string | undefined;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { ...process.env, PORT: "0", SALESTOUCH_LOG_LEVEL: "warn", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    const check = (): void => {
      if (!out.includes("try:")) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolve({ child, url: /listening on (http:\/\/\S+)/.exec(out)![1]!, key: /API key:\s+(st_\S+)/.exec(out)?.[1], output: () => out, exited });
    };
    child.stdout!.on("data", check);
    void exited.then((code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}
