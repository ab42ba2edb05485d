// `salestouch db migrate|export|import` as real child processes: a workspace moves from the
// embedded file to PostgreSQL and the CLI's local mode reads it there; bad input changes nothing.
import { readFileSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
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

  it("moves an older SQLite file holding NUL and unpaired surrogates to PostgreSQL, replacing them with U+FFFD and saying where", async () => {
    const box = cliSandbox();
    try {
      const created = await runCommandJson(box, "mission.create", { name: "Q3 CFOs" });
      const missionId = (created.envelope.data as { mission: { id: string } }).mission.id;
      const file = join(box.dataHome, "salestouch", "salestouch.db");
      // Written raw, as a build before the text rule could: NUL in a name, an unpaired surrogate's
      // bytes (invalid UTF-8), and a NUL escaped inside a JSON column.
      const raw = new Database(file);
      raw
        .prepare(
          "UPDATE missions SET name = 'Q3' || char(0) || 'CFOs', description = CAST(X'41EDA08042' AS TEXT), example_messages_json = ? WHERE id = ?",
        )
        .run(JSON.stringify(["Hi\u0000there"]), missionId);
      raw.close();

      const exportFile = join(box.cwd, "old.jsonl");
      const exported = await box.run(["db", "export", "--output", exportFile]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toContain(`replaced 2 values holding text the contract refuses`);
      expect(exported.stderr).toContain(`missions ${missionId} name`);
      expect(exported.stderr).toContain(`missions ${missionId} example_messages_json`);
      const text = readFileSync(exportFile, "utf8");
      expect(text).not.toMatch(/\\u0000|\\ud[89a-f]/i);

      const url = await createTestDatabase("clidbnul");
      const imported = await box.runJson<{ imported: Record<string, number>; replaced: { count: number } }>([
        "db",
        "import",
        "--input",
        exportFile,
        "--database",
        url,
        "--json",
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json).toMatchObject({ imported: { missions: 1 }, replaced: { count: 0 } });
      const got = await runCommandJson(box, "mission.get", { mission_id: missionId }, { DATABASE_URL: url });
      const mission = (got.envelope.data as { mission: { name: string; brief: { description: string; example_messages: string[] } } }).mission;
      expect(mission.name).toBe("Q3\ufffdCFOs");
      expect(mission.brief.description).toMatch(/^A\ufffd+B$/);
      expect(mission.brief.example_messages).toEqual(["Hi\ufffdthere"]);

      // An export written by a build before the rule still holds NUL: the import replaces it, says so, and writes every row.
      const oldFile = join(box.cwd, "older.jsonl");
      writeFileSync(oldFile, text.replace("Q3\ufffdCFOs", "Q3\\u0000CFOs"));
      const url2 = await createTestDatabase("clidbnul");
      const again = await box.run(["db", "import", "--input", oldFile, "--database", url2]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`replaced 1 value holding text the contract refuses`);
      const read = await runCommandJson(box, "mission.get", { mission_id: missionId }, { DATABASE_URL: url2 });
      expect((read.envelope.data as { mission: { name: string } }).mission.name).toBe("Q3\ufffdCFOs");
    } finally {
      box.remove();
    }
  });
});
