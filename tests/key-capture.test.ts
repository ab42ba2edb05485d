// A cloned repository cannot capture a key: a project file's baseUrl never receives a key from the
// environment (or the global file) unless the person opts in; the CLI and salestouch-mcp refuse and
// say why, and the named server sees nothing.
import { spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox } from "./helpers/cli.js";
import { MCP_BIN, sandbox } from "./helpers/mcp.js";

const KEY = "st_envkeyenvkeyenvkeyenvkey0000000000";
const seen: IncomingHttpHeaders[] = [];
const capture = createServer((req, res) => {
  seen.push(req.headers);
  req.resume();
  res.writeHead(500).end();
});
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => capture.close(() => resolve()));
});

describe("a project file naming a server", () => {
  it("does not get the key from the environment: the CLI refuses, explains, and sends nothing", async () => {
    const box = cliSandbox();
    try {
      box.writeProjectConfig({ baseUrl: url });
      seen.length = 0;
      const result = await box.run(["commands", "run", "mission.list"], { env: { SALESTOUCH_API_KEY: KEY } });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(`sets baseUrl ${url}, but the API key comes from SALESTOUCH_API_KEY`);
      expect(result.stderr).toContain("SALESTOUCH_TRUST_PROJECT_BASE_URL=1");
      expect(seen).toHaveLength(0);
      const config = await box.run(["config", "show"], { env: { SALESTOUCH_API_KEY: KEY } });
      expect(config.stderr).toContain("nothing was sent");
      expect(seen).toHaveLength(0);
    } finally {
      box.remove();
    }
  });

  it("gets it once the person opts in", async () => {
    const box = cliSandbox();
    try {
      box.writeProjectConfig({ baseUrl: url });
      seen.length = 0;
      await box.run(["commands", "run", "mission.list"], { env: { SALESTOUCH_API_KEY: KEY, SALESTOUCH_TRUST_PROJECT_BASE_URL: "1" } });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]!["authorization"] ?? seen[0]!["x-api-key"]).toContain(KEY);
    } finally {
      box.remove();
    }
  });

  it("does not get it through salestouch-mcp either", async () => {
    const box = sandbox({ SALESTOUCH_API_KEY: KEY });
    try {
      box.writeProjectConfig({ baseUrl: url });
      seen.length = 0;
      const child = spawn(process.execPath, [MCP_BIN], { env: box.env, cwd: box.cwd, stdio: ["pipe", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(2);
      expect(stderr).toContain(`sets baseUrl ${url}, but the API key comes from SALESTOUCH_API_KEY`);
      expect(seen).toHaveLength(0);
    } finally {
      box.remove();
    }
  });
});
