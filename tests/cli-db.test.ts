// `salestouch db migrate|export|import` as real child processes: a workspace moves from the
// embedded file to PostgreSQL and the CLI's local mode reads it there; bad input changes nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { createTestDatabase } from "./helpers/postgres.js";

let sandbox: CliSandbox;

beforeAll(() => {
  sandbox = cliSandbox();
});
afterAll(() => {
  sandbox.remove();
});

describe("salestouch db", () => {
  it("migrates a PostgreSQL database named by --database", async () => {
    const url = await createTestDatabase("clidb");
    const { code, json } = await sandbox.runJson<{ migrated: boolean; dialect: string; location: string }>([
      "db",
      "migrate",
      "--database",
      url,
      "--json",
    ]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ migrated: true, dialect: "postgres" });
  });

  it("moves the embedded database to PostgreSQL, where local mode reads the same missions", async () => {
    const created = await runCommandJson(sandbox, "mission.create", { name: "Moved to PostgreSQL" });
    expect(created.code).toBe(0);
    const file = join(sandbox.cwd, "export.jsonl");
    const exported = await sandbox.run(["db", "export", "--output", file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/exported .*missions 1/);
    expect(readFileSync(file, "utf8").split("\n").filter(Boolean).length).toBeGreaterThan(3);

    const url = await createTestDatabase("clidb");
    const imported = await sandbox.runJson<{ imported: Record<string, number>; dialect: string }>([
      "db",
      "import",
      "--input",
      file,
      "--database",
      url,
      "--json",
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ dialect: "postgres", imported: { missions: 1, workspaces: 1 } });

    const listed = await runCommandJson(sandbox, "mission.list", {}, { DATABASE_URL: url });
    expect(listed.envelope.ok && (listed.envelope.data as { missions: { name: string }[] }).missions.map((m) => m.name)).toEqual([
      "Moved to PostgreSQL",
    ]);
  });

  it("refuses an import from stdin that is not an export, and leaves the database empty", async () => {
    const url = await createTestDatabase("clidb");
    const result = await sandbox.run(["db", "import", "--database", url], { stdin: '{"not": "an export"}\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a salestouch-export/);
    const exported = await sandbox.run(["db", "export", "--database", url]);
    expect(exported.stdout.trim().split("\n")).toHaveLength(2); // the header and the end line: no rows
  });
});
