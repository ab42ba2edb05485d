// Every process checks its settings at start: a bad value stops the server, the CLI and MCP stdio
// with a message naming the variable, the value and what is allowed; good values take effect.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliSandbox } from "./helpers/cli.js";
import { MCP_BIN, sandbox } from "./helpers/mcp.js";
import { SERVER_MAIN, spawnServer } from "./helpers/server-process.js";
import { tempDir } from "./helpers/server.js";

function runToExit(bin: string, env: Record<string, string>, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running with ${JSON.stringify(env)}: ${stdout}${stderr}`));
    }, 15_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the server process with a bad setting", () => {
  const dir = tempDir();
  const base = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", SALESTOUCH_HOME: dir.path, PORT: "0" };

  it.concurrent.each([
    ["PORT", ""],
    ["HOST", ""],
    ["SALESTOUCH_RATE_LIMIT", "6OO"],
    ["SALESTOUCH_RATE_LIMIT", ""],
    ["SALESTOUCH_RATE_LIMIT", "abc"],
    ["SALESTOUCH_RATE_LIMIT", "-10"],
    ["SALESTOUCH_RATE_LIMIT", "Infinity"],
    ["SALESTOUCH_BODY_LIMIT", "1m"],
    ["SALESTOUCH_BODY_LIMIT", "-1"],
    ["SALESTOUCH_APPROVAL_TTL", "999999999d"],
    ["SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS", "soon"],
    ["SALESTOUCH_LEAD_SOURCE", "scraper"],
    ["SALESTOUCH_LEAD_SOURCE_TIMEOUT", "forever"],
  ])("exits 1 before listening when %s=%j, naming it and what is allowed", async (name, value) => {
    const result = await runToExit(SERVER_MAIN, { ...base, [name]: value });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("listening");
    expect(result.stderr).toMatch(
      new RegExp(`^salestouch server: ${name}=${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not allowed \\(.+\\): use `),
    );
  });

  it("applies good values: the body limit and the rate limit it was given", async () => {
    const server = await spawnServer({ SALESTOUCH_HOME: dir.path, SALESTOUCH_BODY_LIMIT: "2kb", SALESTOUCH_RATE_LIMIT: "2" });
    try {
      const post = (body: string) =>
        fetch(`${server.url}/api/v1/commands/mission.list`, {
          method: "POST",
          headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
          body,
        });
      expect((await post(JSON.stringify({ input: {}, pad: "x".repeat(3000) }))).status).toBe(413);
      expect((await post('{"input":{}}')).status).toBe(200);
      expect((await post('{"input":{}}')).status).toBe(429);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});

describe("the CLI and MCP stdio with a bad setting", () => {
  it("the CLI exits 2 naming the variable, before running anything", async () => {
    const box = cliSandbox();
    try {
      const result = await box.run(["commands", "list"], { env: { SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS: "5s" } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS="5s" is not allowed (not a whole number): use a whole number from 0 to 600000',
      );
    } finally {
      box.remove();
    }
  });

  it("salestouch-mcp exits 2 naming the variable", async () => {
    const box = sandbox({ SALESTOUCH_LOG_LEVEL: "loud" });
    try {
      const result = await runToExit(MCP_BIN, box.env, box.cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('SALESTOUCH_LOG_LEVEL="loud" is not allowed');
      expect(result.stderr).toContain("one of debug, info, warn, error, silent");
    } finally {
      box.remove();
    }
  });

  it("`config show` lists every setting with its value and the variable that set it", async () => {
    const box = cliSandbox();
    try {
      const { code, json } = await box.runJson<{ settings: { variable: string; value: unknown; set_by: string }[] }>(["config", "show", "--json"], {
        env: { SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS: "750", PORT: "4000" },
      });
      expect(code).toBe(0);
      const byName = Object.fromEntries(json.settings.map((s) => [s.variable, s]));
      expect(byName["SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS"]).toMatchObject({ value: 750, set_by: "SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS" });
      expect(byName["PORT"]).toMatchObject({ value: 4000, set_by: "PORT" });
      expect(byName["SALESTOUCH_RATE_LIMIT"]).toMatchObject({ value: 600, set_by: "default" });
      const shown = await box.run(["config", "show"], { env: { PORT: "70000" } });
      expect(shown.code).toBe(2);
      expect(shown.stderr).toContain('PORT="70000" is not allowed');
    } finally {
      box.remove();
    }
  });
});
