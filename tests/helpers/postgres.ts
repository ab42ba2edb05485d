// PostgreSQL for the tests: both dialects for describe.each, and a database of its own for each test
// server in the scratch cluster that the vitest globalSetup started (tests/setup/postgres.ts).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** Both dialects, for describe.each; the PostgreSQL variant needs the cluster of the globalSetup. */
export const DIALECTS = ["sqlite", "postgres"] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** The cluster the globalSetup started (vitest provide/inject, or SALESTOUCH_TEST_POSTGRES_URL for child processes). */
function scratchClusterUrl(): string {
  const url = process.env["SALESTOUCH_TEST_POSTGRES_URL"] || (inject("postgresUrl") as string | undefined);
  if (!url) throw new Error("no scratch PostgreSQL cluster: run the tests through the root vitest.config.ts, whose globalSetup starts one");
  return url;
}

/** A new, empty database in the scratch cluster; returns its URL. */
export async function createTestDatabase(prefix = "t"): Promise<string> {
  const admin = new URL(scratchClusterUrl());
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  admin.pathname = `/${name}`;
  return admin.toString();
}
