// Which dialect a database URL selects, and the busy timeout a SQLite store is given.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore } from "../store.js";
import { redactUrl } from "./open.js";
import { isPostgresUrl } from "./postgres.js";
import { openSqlite, sqlitePath } from "./sqlite.js";

describe("database URLs", () => {
  it.each([
    ["postgres://u:p@h:5432/db", true],
    ["postgresql://h/db?sslmode=require", true],
    ["POSTGRES://h/db", true],
    ["/var/lib/salestouch.db", false],
    ["sqlite:/tmp/x.db", false],
  ])("takes %s for PostgreSQL: %s", (url, postgres) => {
    expect(isPostgresUrl(url)).toBe(postgres);
  });

  it("reads SQLite paths from plain paths, sqlite: and file: URLs, and nothing else", () => {
    expect(sqlitePath("/tmp/a.db")).toBe("/tmp/a.db");
    expect(sqlitePath("sqlite:///tmp/a.db")).toBe("/tmp/a.db");
    expect(sqlitePath("file:///tmp/a.db")).toBe("/tmp/a.db");
    expect(sqlitePath("mysql://h/db")).toBeUndefined();
  });

  it("removes the password from a URL it prints", () => {
    expect(redactUrl("postgres://salestouch:s3cret@db:5432/salestouch")).toBe("postgres://salestouch:***@db:5432/salestouch");
  });
});

describe("the SQLite busy timeout", () => {
  it("is the one the store is given, not a fixed 5 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "salestouch-busy-"));
    const file = join(dir, "busy.db");
    const store = await openStore({ url: file, sqliteBusyTimeoutMs: 150 });
    const other = new SqliteDatabase(file);
    try {
      other.prepare("begin immediate").run();
      const started = performance.now();
      await expect(store.transaction("write", async () => 1)).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(100);
      expect(waited).toBeLessThan(4000);
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the SQLite WAL file", () => {
  it("shrinks back once a checkpoint has copied a large transaction and the next write starts it over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "salestouch-wal-"));
    const file = join(dir, "wal.db");
    const connection = openSqlite(file);
    const walMb = () => statSync(`${file}-wal`).size / 2 ** 20;
    try {
      await connection.transaction("write", async (db) => {
        await sql`create table t (x text)`.execute(db);
        for (let i = 0; i < 3000; i++) await sql`insert into t values (${"x".repeat(4000)})`.execute(db);
      });
      expect(walMb()).toBeGreaterThan(10);
      // Every frame copied back (the checkpoint worker, or this connection if it got there first).
      const other = new SqliteDatabase(file);
      try {
        for (let i = 0; i < 100; i++) {
          const [wal] = other.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
          if (wal!.log === wal!.checkpointed) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        other.close();
      }
      await connection.transaction("write", async (db) => {
        await sql`insert into t values ('small')`.execute(db);
      });
      expect(walMb()).toBeLessThan(1);
    } finally {
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the SQLite writer's page cache", () => {
  it("is 2 MB for a write, larger for a background batch, and back to 2 MB for the next write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "salestouch-cache-"));
    const connection = openSqlite(join(dir, "cache.db"));
    const cacheSize = async (db: Parameters<Parameters<typeof connection.transaction>[1]>[0]) =>
      (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]!.cache_size;
    try {
      expect(await connection.transaction("write", cacheSize)).toBe(-2000);
      expect(await connection.transaction("write", cacheSize, { batch: true })).toBe(-8000);
      expect(await connection.transaction("write", cacheSize, { batch: true })).toBe(-8000);
      expect(await connection.transaction("write", cacheSize)).toBe(-2000);
      // Reads run on their own connection, whatever the writer's cache.
      await connection.transaction("write", async () => undefined, { batch: true });
      expect(await connection.transaction("read", cacheSize)).not.toBe(-8000);
    } finally {
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
