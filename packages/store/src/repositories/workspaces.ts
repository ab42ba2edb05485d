// Workspaces and their API keys. Only hashes of keys are stored.
import type { Kysely, Selectable } from "kysely";
import type { AccessCache, AccessRead } from "../access-cache.js";
import type { ApiKeyTable, Database, WorkspaceTable } from "../schema.js";

export type WorkspaceRow = Selectable<WorkspaceTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;

/** A presented key's row (if any), and the access cache's read that served it (null without a cache). */
export interface KeyLookup {
  row: Readonly<ApiKeyRow> | undefined;
  read: AccessRead | null;
}

export class WorkspaceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<WorkspaceRow | undefined> {
    return this.db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async findByName(name: string): Promise<WorkspaceRow | undefined> {
    return this.db.selectFrom("workspaces").selectAll().where("name", "=", name).orderBy("id").executeTakeFirst();
  }

  async insert(row: WorkspaceRow): Promise<void> {
    await this.db.insertInto("workspaces").values(row).execute();
  }

  async list(): Promise<WorkspaceRow[]> {
    return this.db.selectFrom("workspaces").selectAll().orderBy("id").execute();
  }
}

export class ApiKeyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cache: AccessCache | null = null,
  ) {}

  async insert(row: ApiKeyRow): Promise<void> {
    await this.db.insertInto("api_keys").values(row).execute();
    this.cache?.invalidate();
  }

  /** Served from the access cache where the store keeps one: last_used_at may then lag. */
  async findByHash(keyHash: string): Promise<Readonly<ApiKeyRow> | undefined> {
    return (await this.findForRequest(keyHash)).row;
  }

  /**
   * findByHash for a request: also the read of the access cache's version it was served under,
   * which the request's rules lookup reuses (PermissionRuleRepository.forPrincipal). A value, not
   * a promise, when the cache answers at once (SQLite, a known key).
   */
  findForRequest(keyHash: string): KeyLookup | Promise<KeyLookup> {
    const load = () => this.db.selectFrom("api_keys").selectAll().where("key_hash", "=", keyHash).executeTakeFirst();
    const cache = this.cache;
    if (!cache) return load().then((row) => ({ row, read: null }));
    const lookup = (read: AccessRead): KeyLookup | Promise<KeyLookup> => {
      const row = cache.apiKey(keyHash, load, read);
      return row instanceof Promise ? row.then((found) => ({ row: found, read })) : { row, read };
    };
    const read = cache.read();
    return read instanceof Promise ? read.then(lookup) : lookup(read);
  }

  /** True while the key exists in the workspace and is not revoked; never served from the cache. */
  async isActive(workspaceId: string, id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("api_keys")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(workspaceId?: string): Promise<ApiKeyRow[]> {
    let query = this.db.selectFrom("api_keys").selectAll();
    if (workspaceId) query = query.where("workspace_id", "=", workspaceId);
    return query.orderBy("id").execute();
  }

  /** True when a key that was active is now revoked. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    this.cache?.invalidate();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
  }
}
