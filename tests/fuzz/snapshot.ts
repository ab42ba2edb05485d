// A fingerprint of every table's content, to prove a rejected call wrote nothing. API keys are
// left out: authenticating records last_used_at, which is bookkeeping, not the caller's data.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";

export function databaseFingerprint(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name <> 'api_keys'").all() as { name: string }[];
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name}"`).all();
      const lines = rows.map((row) => JSON.stringify(row)).sort();
      out[name] = `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16)}`;
    }
    return out;
  } finally {
    db.close();
  }
}
