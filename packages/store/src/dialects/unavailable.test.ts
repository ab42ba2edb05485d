// Which database errors are `unavailable` (retry later) rather than a bug, on both dialects.
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable.js";

const err = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields["message"] ?? "db error")), fields);

describe("isDatabaseUnavailable", () => {
  it.each([
    ["SQLite busy", err({ code: "SQLITE_BUSY" })],
    ["SQLite busy snapshot", err({ code: "SQLITE_BUSY_SNAPSHOT" })],
    ["SQLite read-only file", err({ code: "SQLITE_READONLY" })],
    ["PostgreSQL refused the connection", err({ code: "ECONNREFUSED" })],
    ["PostgreSQL admin shutdown", err({ code: "57P01" })],
    ["PostgreSQL starting up", err({ code: "57P03" })],
    ["PostgreSQL connection exception", err({ code: "08006" })],
    ["PostgreSQL too many connections", err({ code: "53300" })],
    ["a write on a read-only standby", err({ code: "25006" })],
    ["pg's dropped socket", err({ message: "Connection terminated unexpectedly" })],
    ["pg's pool timeout", err({ message: "timeout exceeded when trying to connect" })],
    ["an AggregateError of refusals (IPv4 and IPv6)", Object.assign(new AggregateError([err({ code: "ECONNREFUSED" })]), {})],
  ])("reports %s as unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", err({ code: "23505" })],
    ["a syntax error", err({ code: "42601" })],
    ["a SQLite constraint", err({ code: "SQLITE_CONSTRAINT_UNIQUE" })],
    ["a plain error", new Error("boom")],
    ["null", null],
  ])("reports %s as a fault of ours, not unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
