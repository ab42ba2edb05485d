// Several replicas starting at once all migrate the same fresh database: each migration runs once
// and every process comes up (the migrator's lock: an advisory lock on PostgreSQL, the write lock on SQLite).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "../../../tests/helpers/postgres.js";
import { openStore } from "./store.js";

const STORE_DIST = pathToFileURL(join(import.meta.dirname, "..", "dist", "index.js")).href;

function migrateInChild(url: string): Promise<{ code: number | null; output: string }> {
  const script = `const { openStore } = await import(${JSON.stringify(STORE_DIST)});
const store = await openStore({ url: process.env.URL, poolSize: 1 });
await store.repositories.workspaces.list();
await store.close();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe.each(DIALECTS)("migrating on %s", (dialect) => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("applies each migration once when three processes migrate a fresh database at the same time", async () => {
    dir = mkdtempSync(join(tmpdir(), "migrate-race-"));
    const url = dialect === "sqlite" ? join(dir, "db.sqlite") : await createTestDatabase("migrate");
    const results = await Promise.all([migrateInChild(url), migrateInChild(url), migrateInChild(url)]);
    for (const result of results) expect(result, result.output).toMatchObject({ code: 0 });
    const store = await openStore({ url, migrate: false, poolSize: 1 });
    try {
      // The store keeps its Kysely private; the migrator's table is read through a fresh export header.
      const lines: string[] = [];
      await store.exportData((line) => void lines.push(line));
      const migrations = (JSON.parse(lines[0]!) as { migrations: string[] }).migrations;
      expect(migrations.length).toBeGreaterThanOrEqual(2);
      expect(new Set(migrations).size).toBe(migrations.length);
    } finally {
      await store.close();
    }
  });
});
