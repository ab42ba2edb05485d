// Workspaces and API keys: creating them, listing them, and turning a presented key into a principal.
import { generateApiKey, hashApiKey, hashesEqual, looksLikeApiKey, type IdGenerator, type Principal } from "@salestouch/runtime";
import { API_KEYS_SUBJECT, type ApiKeyRow, type KeyLookup, type Store, type WorkspaceRow } from "@salestouch/store";
import { STARTING_POLICY, type RuleSpec } from "./policy.js";

export const DEFAULT_WORKSPACE = "default";

export interface CreatedKey {
  /** The full key: shown once, never stored. */
  key: string;
  row: ApiKeyRow;
  workspace: WorkspaceRow;
}

export class KeyService {
  constructor(
    private readonly store: Store,
    private readonly ids: IdGenerator,
  ) {}

  /** The workspace with this name, created with its starting policy (STARTING_POLICY) if it does not exist yet. */
  async ensureWorkspace(name: string = DEFAULT_WORKSPACE): Promise<WorkspaceRow> {
    return this.store.transaction("write", async (repos) => {
      const existing = await repos.workspaces.findByName(name);
      if (existing) return existing;
      const row: WorkspaceRow = { id: this.ids.next("ws"), name, created_at: new Date().toISOString() };
      await repos.workspaces.insert(row);
      for (const rule of STARTING_POLICY) {
        await repos.permissionRules.put({
          id: this.ids.next("prm"),
          workspace_id: row.id,
          subject: API_KEYS_SUBJECT,
          target: rule.target,
          permission: rule.permission,
          created_at: row.created_at,
          updated_at: row.created_at,
        });
      }
      return row;
    });
  }

  /** `permissions` become rules of the new key (docs/approvals.md), written with it in one transaction. */
  async create(options: { name: string; workspace?: string; scopes?: string[]; permissions?: readonly RuleSpec[] }): Promise<CreatedKey> {
    const workspace = await this.ensureWorkspace(options.workspace);
    const generated = generateApiKey();
    const row: ApiKeyRow = {
      id: this.ids.next("key"),
      workspace_id: workspace.id,
      name: options.name,
      display_prefix: generated.displayPrefix,
      key_hash: generated.hash,
      scopes: JSON.stringify(options.scopes ?? ["*"]),
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.store.transaction("write", async (repos) => {
      await repos.apiKeys.insert(row);
      for (const rule of options.permissions ?? []) {
        await repos.permissionRules.put({
          id: this.ids.next("prm"),
          workspace_id: workspace.id,
          subject: row.id,
          target: rule.target,
          permission: rule.permission,
          created_at: row.created_at,
          updated_at: row.created_at,
        });
      }
    });
    return { key: generated.key, row, workspace };
  }

  async list(workspaceId?: string): Promise<ApiKeyRow[]> {
    return this.store.reads.apiKeys.list(workspaceId);
  }

  async revoke(id: string): Promise<boolean> {
    return this.store.transaction("write", (repos) => repos.apiKeys.revoke(id, new Date().toISOString()));
  }

  /**
   * The principal for a presented key, or null when it is unknown, malformed or revoked. A value,
   * not a promise, when the store's access cache knows the key; the principal carries the cache's
   * read, which the request's rules lookup reuses (Principal.accessRead).
   */
  authenticate(key: string): Principal | null | Promise<Principal | null> {
    if (!looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    const found = this.store.reads.apiKeys.findForRequest(hash);
    const principal = ({ row, read }: KeyLookup): Principal | null =>
      row && hashesEqual(row.key_hash, hash) ? this.principalOfKey(row, read) : null;
    return found instanceof Promise ? found.then(principal) : principal(found);
  }

  /** The row of a presented key (revoked or not), or null when it is unknown or malformed. */
  async findKey(key: string): Promise<Readonly<ApiKeyRow> | null> {
    if (!looksLikeApiKey(key)) return null;
    const hash = hashApiKey(key);
    const row = await this.store.reads.apiKeys.findByHash(hash);
    return row && hashesEqual(row.key_hash, hash) ? row : null;
  }

  /**
   * The one place a key row becomes a principal, for a presented key and for a console session
   * opened with one: null once the key is revoked.
   */
  principalOfKey(row: Readonly<ApiKeyRow>, accessRead?: object | null): Principal | null {
    if (row.revoked_at !== null) return null;
    this.recordUse(row.id);
    return {
      workspaceId: row.workspace_id,
      keyId: row.id,
      scopes: JSON.parse(row.scopes) as string[],
      kind: "api_key",
      accessRead: accessRead ?? undefined,
    };
  }

  private readonly lastTouched = new Map<string, number>();

  /** last_used_at is written at most once a minute per key, so reads do not become writes. */
  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < 60_000) return;
    this.lastTouched.set(keyId, now);
    void this.store
      .transaction("write", (repos) => repos.apiKeys.touch(keyId, new Date(now).toISOString()))
      .catch(() => this.lastTouched.delete(keyId));
  }

  /** The principal of someone at this machine (CLI local mode, MCP stdio): every scope. */
  async localPrincipal(workspace: string = DEFAULT_WORKSPACE): Promise<Principal> {
    const row = await this.ensureWorkspace(workspace);
    return { workspaceId: row.id, keyId: null, scopes: ["*"], kind: "local" };
  }
}
