// A fingerprint of every table's content, to prove a rejected call wrote nothing. Request
// bookkeeping is left out: authenticating records last_used_at on the API key, and on PostgreSQL
// every request counts in the shared rate-limit window — neither is the caller's data.
// Works on a SQLite file or a PostgreSQL URL, so the fuzzer runs on both dialects.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

type Tables = Record<string, unknown[]>;

const BOOKKEEPING = new Set(["api_keys", "rate_limit_windows"]);

function sqliteTables(file: string): Tables {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[];
    return Object.fromEntries(names.map(({ name }) => [name, db.prepare(`select * from "${name}"`).all()]));
  } finally {
    db.close();
  }
}

async function postgresTables(url: string): Promise<Tables> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public'");
    const out: Tables = {};
    for (const { name } of names.rows) out[name] = (await client.query(`select * from "${name}"`)).rows;
    return out;
  } finally {
    await client.end();
  }
}

export async function databaseFingerprint(databaseUrl: string): Promise<Record<string, string>> {
  const tables = /^postgres(ql)?:\/\//.test(databaseUrl) ? await postgresTables(databaseUrl) : sqliteTables(databaseUrl);
  const out: Record<string, string> = {};
  for (const [name, rows] of Object.entries(tables)) {
    if (name.startsWith("kysely_") || BOOKKEEPING.has(name)) continue;
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    out[name] = `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`;
  }
  return out;
}
