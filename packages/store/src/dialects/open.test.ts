// Which dialect a database URL selects, and the pool size setting.
import { describe, expect, it } from "vitest";
import { redactUrl } from "./open.js";
import { isPostgresUrl, poolSizeFrom } from "./postgres.js";
import { sqlitePath } from "./sqlite.js";

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

describe("SALESTOUCH_DB_POOL_SIZE", () => {
  it("defaults to 10 and takes a positive whole number", () => {
    expect(poolSizeFrom({})).toBe(10);
    expect(poolSizeFrom({ SALESTOUCH_DB_POOL_SIZE: "25" })).toBe(25);
  });

  it("refuses anything else with a message saying what to set", () => {
    expect(() => poolSizeFrom({ SALESTOUCH_DB_POOL_SIZE: "0" })).toThrow(/positive whole number/);
    expect(() => poolSizeFrom({ SALESTOUCH_DB_POOL_SIZE: "ten" })).toThrow(/SALESTOUCH_DB_POOL_SIZE=ten/);
  });
});
