// `salestouch serve --ephemeral`: the throwaway server from the CLI — a printed URL and key that
// work at once, nothing on disk, a clean stop on SIGTERM; and a clear refusal without --ephemeral.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliSandbox } from "./helpers/cli.js";

const CLI = join(import.meta.dirname, "..", "apps/cli/dist/main.js");

describe("salestouch serve", () => {
  it("--ephemeral --seed prints a URL and key that answer, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--ephemeral", "--seed", "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SALESTOUCH_DATABASE_URL: "", DATABASE_URL: "" },
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      void exited.then((code) => reject(new Error(`exited ${code}`)));
    });
    const started = JSON.parse(line) as { url: string; api_key: string; workspace: string; seeded: string[] };
    expect(started.workspace).toBe("default");
    expect(started.seeded.length).toBeGreaterThan(5);
    const answer = await fetch(`${started.url}/api/v1/commands/mission.list`, {
      method: "POST",
      headers: { authorization: `Bearer ${started.api_key}`, "content-type": "application/json" },
      body: '{"input":{}}',
    });
    const body = (await answer.json()) as { status: number; data: { missions: unknown[] } };
    expect(body.status).toBe(200);
    expect(body.data.missions.length).toBeGreaterThan(0);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses to run without --ephemeral and says what to run instead", async () => {
    const sandbox = cliSandbox();
    const result = await sandbox.run(["serve"]);
    sandbox.remove();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs --ephemeral/);
    expect(result.stderr).toMatch(/npm start/);
  });
});
