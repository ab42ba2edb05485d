// A change counter for API keys and permission rules on PostgreSQL, so a server can keep both in
// memory and still refuse a revoked key on the very next request (access-cache.ts,
// docs/decisions/0020). Triggers bump it in the same transaction as any change that matters to a
// lookup — whoever writes (a replica, the CLI, a person with psql). SQLite needs none: its
// `PRAGMA data_version` already changes on every commit of another connection.
import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "../dialects/types.js";

export const accessChanges = (dialect: DialectName): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    if (dialect !== "postgres") return;
    await sql`create table access_changes (id integer primary key check (id = 1), version bigint not null)`.execute(db);
    await sql`insert into access_changes (id, version) values (1, 0)`.execute(db);
    await sql`create function salestouch_access_changed() returns trigger language plpgsql as $$
      begin
        update access_changes set version = version + 1 where id = 1;
        return null;
      end $$`.execute(db);
    // last_used_at is written once a minute per key: it changes nothing a lookup decides on.
    await sql`create trigger api_keys_access_changed
      after insert or delete or truncate or update of key_hash, workspace_id, scopes, revoked_at on api_keys
      for each statement execute function salestouch_access_changed()`.execute(db);
    await sql`create trigger permission_rules_access_changed
      after insert or update or delete or truncate on permission_rules
      for each statement execute function salestouch_access_changed()`.execute(db);
  },
});
