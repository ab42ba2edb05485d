// Where the database comes from is never a surprise: the CLI in local mode and the MCP stdio
// server say on stderr which database they opened when a variable chose it, and warn when they
// just created it empty (a mistyped SALESTOUCH_HOME used to give an empty workspace silently).
// stdout stays exactly the output (--json) or the protocol (MCP). Real child processes.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, type CliSandbox } from "./helpers/cli.js";
import { connectStdio, sandbox } from "./helpers/mcp.js";
import { createTestDatabase } from "./helpers/postgres.js";

let box: CliSandbox;
beforeAll(() => {
  box = cliSandbox();
});
afterAll(() => box.remove());

/** Runs `mission.list --json` with the notices on (the sandbox silences logs), checking stdout is one envelope. */
async function list(env: Record<string, string | undefined>): Promise<string> {
  const result = await box.run(["commands", "run", "mission.list", "--json"], { env: { SALESTOUCH_LOG_LEVEL: undefined, ...env } });
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  return result.stderr;
}

describe("the CLI in local mode", () => {
  it("warns once when it creates the default database, and says nothing after", async () => {
    const file = join(box.dataHome, "salestouch", "salestouch.db");
    const first = await list({});
    expect(first).toBe(
      `salestouch: warning: created a new, empty database at ${file} (the default file; set SALESTOUCH_DATABASE_URL or SALESTOUCH_HOME to change it). If you expected existing data, check SALESTOUCH_HOME and SALESTOUCH_DATABASE_URL (the server must be given the same); \`salestouch config show\` shows where each setting comes from.\n`,
    );
    expect(await list({})).toBe("");
  });

  it("warns when a mistyped SALESTOUCH_HOME makes a new database, then names it on every run", async () => {
    const home = join(box.root, "salestuoch-home");
    const file = join(home, "salestouch.db");
    const first = await list({ SALESTOUCH_HOME: home });
    expect(first).toContain(`salestouch: warning: created a new, empty database at ${file} (the default file in SALESTOUCH_HOME)`);
    const second = await list({ SALESTOUCH_HOME: home });
    expect(second).toBe(`salestouch: using the database ${file} (the default file in SALESTOUCH_HOME)\n`);
  });

  it("names a database chosen by SALESTOUCH_DATABASE_URL on PostgreSQL, with the password hidden, and warns when its schema was just made", async () => {
    const url = await createTestDatabase("notice");
    const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
    const first = await list({ SALESTOUCH_DATABASE_URL: url });
    expect(first).toContain(`warning: created a new, empty database at ${shown} (from SALESTOUCH_DATABASE_URL)`);
    const second = await list({ SALESTOUCH_DATABASE_URL: url });
    expect(second).toBe(`salestouch: using the database ${shown} (from SALESTOUCH_DATABASE_URL)\n`);
    if (shown !== url) expect(first + second).not.toContain(url);
  });

  it("says nothing with SALESTOUCH_LOG_LEVEL=silent", async () => {
    expect(await list({ SALESTOUCH_HOME: join(box.root, "silent-home"), SALESTOUCH_LOG_LEVEL: "silent" })).toBe("");
  });
});

describe("the MCP stdio server in local mode", () => {
  async function stderrOnceOpen(home: string): Promise<string> {
    const mcp = await connectStdio({ box: sandbox({ SALESTOUCH_HOME: home }) });
    try {
      // The database opens right after initialize; tools/list and a call work over a clean stdout.
      expect((await mcp.client.listTools()).tools.length).toBeGreaterThan(0);
      await mcp.client.callTool({ name: "mission_list", arguments: {} });
      // stderr is another pipe: give its last lines a moment to arrive.
      for (let i = 0; i < 40 && !mcp.stderr().includes('"msg":"local mode"'); i++) await new Promise((r) => setTimeout(r, 50));
      return mcp.stderr();
    } finally {
      await mcp.close();
      mcp.box.remove();
    }
  }

  it("logs a warning on stderr when it creates the database, and which database it opened", async () => {
    const home = join(box.root, "mcp-home");
    const file = join(home, "salestouch.db");
    const first = await stderrOnceOpen(home);
    const lines = first
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "created a new, empty database", database: file, from: "SALESTOUCH_HOME" }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: "local mode", database: file, from: "SALESTOUCH_HOME" }));
    const second = await stderrOnceOpen(home);
    expect(second).toContain('"msg":"local mode"');
    expect(second).not.toContain("created a new, empty database");
  });
});
