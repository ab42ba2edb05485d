// Console sessions and one-time sign-in links. A session is read together with its API key, so
// a revoked key ends every session opened with it on the very next request, on every replica.
import type { Kysely } from "kysely";
import type { ConsoleSessionTable, Database } from "../schema.js";
import type { ApiKeyRow } from "./workspaces.js";

export type ConsoleSessionRow = ConsoleSessionTable;

/** A live row (unexpired, not ended) with the key it belongs to. */
export interface ConsoleSessionWithKey {
  session: ConsoleSessionRow;
  key: ApiKeyRow;
}

export class ConsoleSessionRepository {
  private lastSweep = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ConsoleSessionRow): Promise<void> {
    await this.db.insertInto("console_sessions").values(row).execute();
    await this.sweep(row.created_at);
  }

  /** The live row of this kind with this id hash, and its key (revoked or not: the caller decides). */
  async findLive(id: string, kind: ConsoleSessionRow["kind"], now: string): Promise<ConsoleSessionWithKey | undefined> {
    const row = await this.db
      .selectFrom("console_sessions as s")
      .innerJoin("api_keys as k", "k.id", "s.key_id")
      .select([
        "s.id",
        "s.kind",
        "s.workspace_id",
        "s.key_id",
        "s.csrf_token",
        "s.created_at",
        "s.expires_at",
        "s.ended_at",
        "k.name as key_name",
        "k.display_prefix",
        "k.key_hash",
        "k.scopes",
        "k.created_at as key_created_at",
        "k.last_used_at",
        "k.revoked_at",
      ])
      .where("s.id", "=", id)
      .where("s.kind", "=", kind)
      .where("s.ended_at", "is", null)
      .where("s.expires_at", ">", now)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: {
        id: row.id,
        kind: row.kind,
        workspace_id: row.workspace_id,
        key_id: row.key_id,
        csrf_token: row.csrf_token,
        created_at: row.created_at,
        expires_at: row.expires_at,
        ended_at: row.ended_at,
      },
      key: {
        id: row.key_id,
        workspace_id: row.workspace_id,
        name: row.key_name,
        display_prefix: row.display_prefix,
        key_hash: row.key_hash,
        scopes: row.scopes,
        created_at: row.key_created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
      },
    };
  }

  /** Ends a live row; true when this call ended it (a link is used once, even by two racing requests). */
  async end(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("console_sessions")
      .set({ ended_at: at })
      .where("id", "=", id)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Rows that expired or ended a day ago are never read again; removed at most once an hour per process. */
  private async sweep(now: string): Promise<void> {
    const at = Date.parse(now);
    if (at - this.lastSweep < 3_600_000) return;
    this.lastSweep = at;
    const dayAgo = new Date(at - 86_400_000).toISOString();
    await this.db
      .deleteFrom("console_sessions")
      .where((eb) => eb.or([eb("expires_at", "<", dayAgo), eb("ended_at", "<", dayAgo)]))
      .execute();
  }
}
