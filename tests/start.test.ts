// `npm start`'s server as a real child process: prints what a newcomer needs, serves, stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const MAIN = join(import.meta.dirname, "..", "apps/server/dist/main.js");

describe("the server process", () => {
  it("prints its URL, database file and a first key, serves it, and exits 0 on SIGTERM", async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: "0", SALESTOUCH_HOME: dir.path, SALESTOUCH_DATABASE_URL: "", DATABASE_URL: "", SALESTOUCH_LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const banner = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15_000);
      child.stdout.on("data", () => {
        if (out.includes("try:")) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
    const key = /API key:\s+(st_\S+)/.exec(banner)![1]!;
    expect(banner).toContain(join(dir.path, "salestouch.db"));
    // A command first, with a compressed body (body-parser's path, loaded on first use in the bundle),
    // then the routes of the Express app, which the first request that is not a command builds.
    const created = await fetch(`${url}/api/v1/commands/mission.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync('{"input":{"name":"Compressed"}}'),
    });
    expect(((await created.json()) as { data: { mission: { name: string } } }).data.mission.name).toBe("Compressed");
    const res = await fetch(`${url}/api/v1/commands`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ ready: true });
    expect((await fetch(`${url}/console/`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    const logLines = out.split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(key);
    dir.remove();
  });
});
