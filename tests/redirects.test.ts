// A server that answers with a redirect never gets the API key sent on: the typed client, the CLI
// in remote mode and the MCP server in remote mode refuse the redirect and name where it pointed.
// Two real loopback servers: the first redirects everything to the second, which records every
// request it receives (it must receive none).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createClient } from "@salestouch/client";
import { cliSandbox } from "./helpers/cli.js";
import { callCommand, connectStdio, sandbox } from "./helpers/mcp.js";

const KEY = "st_redirectredirectredirect000";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

let target: Server;
let redirector: Server;
let targetUrl: string;
let redirectUrl: string;
const seen: Seen[] = [];
let status = 307;

beforeAll(async () => {
  target = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  targetUrl = await listen(target);
  redirector = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { location: `${targetUrl}/elsewhere${req.url ?? ""}` }).end();
  });
  redirectUrl = await listen(redirector);
});

afterAll(async () => {
  await new Promise<void>((resolve) => redirector.close(() => resolve()));
  await new Promise<void>((resolve) => target.close(() => resolve()));
});

describe("the typed client", () => {
  it.each([301, 302, 303, 307, 308])("refuses an HTTP %i redirect on commands, reads, approvals and uploads, naming the target", async (code) => {
    status = code;
    seen.length = 0;
    const client = createClient({ baseUrl: redirectUrl, apiKey: KEY, retry: 2 });
    const calls: [string, () => Promise<unknown>][] = [
      ["run", () => client.run("mission.list", {})],
      ["runAny (a write)", () => client.runAny("mission.create", { name: "Redirected" })],
      ["commands", () => client.commands()],
      ["approvals.list", () => client.approvals.list()],
      ["approvals.approve", () => client.approvals.approve("apr_0000")],
      ["uploadCsv", () => client.uploadCsv(new Blob(["name\nAda\n"]))],
    ];
    for (const [name, call] of calls) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.code, name).toBe("redirected");
      expect(apiError.status, name).toBe(code);
      expect(apiError.attempts, `${name}: a redirect is not retried`).toBe(1);
      expect(apiError.message, name).toContain(`${targetUrl}/elsewhere/api/v1/`);
      expect(apiError.message, name).toContain(`HTTP ${code}`);
    }
    expect(seen).toEqual([]);
  });
});

describe("the CLI in remote mode", () => {
  it("refuses the redirect with exit status and message naming the target; the key never reaches it", async () => {
    status = 307;
    seen.length = 0;
    const box = cliSandbox();
    try {
      const env = { SALESTOUCH_API_BASE_URL: redirectUrl, SALESTOUCH_API_KEY: KEY };
      const run = await box.run(["commands", "run", "mission.create", "--name", "Redirected"], { env });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain("unavailable");
      expect(run.stderr).toContain(`${targetUrl}/elsewhere/api/v1/commands/mission.create`);
      expect(run.stderr).toContain("base URL from SALESTOUCH_API_BASE_URL");
      const csv = join(box.cwd, "leads.csv");
      writeFileSync(csv, "name,email\nAda,ada@example.com\n");
      const upload = await box.run(["commands", "run", "import.csv", "--input-json", JSON.stringify({ csv_path: csv, mission_id: "mis_x" })], {
        env,
      });
      expect(upload.code).not.toBe(0);
      expect(upload.stderr).toContain(`${targetUrl}/elsewhere/api/v1/uploads`);
      const json = await box.run(["approvals", "list", "--json"], { env });
      expect(json.code).not.toBe(0);
      expect(JSON.parse(json.stdout).error.code).toBe("unavailable");
    } finally {
      box.remove();
    }
    expect(seen).toEqual([]);
  });
});

describe("the MCP server in remote mode", () => {
  it("answers a tool error and a resource error naming the target; the key never reaches it", async () => {
    status = 308;
    seen.length = 0;
    const mcp = await connectStdio({ box: sandbox({ SALESTOUCH_API_BASE_URL: redirectUrl, SALESTOUCH_API_KEY: KEY }) });
    try {
      const answer = await callCommand(mcp.client, "mission.create", { name: "Redirected" });
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe("unavailable");
      expect(answer.error?.message).toContain(`${targetUrl}/elsewhere/api/v1/commands/mission.create`);
      expect(answer.error?.message).toContain("Tell the user");
      await expect(mcp.client.readResource({ uri: "salestouch://missions" })).rejects.toThrow(`${targetUrl}/elsewhere/api/v1/resources/read`);
    } finally {
      await mcp.close();
      mcp.box.remove();
    }
    expect(seen).toEqual([]);
  });
});
