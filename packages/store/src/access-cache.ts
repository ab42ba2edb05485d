// API keys and permission rules, kept in memory for as long as nothing can have changed them.
//
// Every command call looks up its key and its permission rules; both change rarely. On SQLite the
// cache is exact: this process drops it on its own writes to those tables (and on any rollback),
// and `PRAGMA data_version`, read before every lookup, changes as soon as any other process (the
// CLI revoking a key, a second server) commits to the file — so a revoked key fails on the very
// next request, as without the cache. PostgreSQL replicas cannot see each other's writes that
// cheaply, so there the store runs without it (docs/performance.md).
import type { PermissionRuleRow } from "./repositories/permission-rules.js";
import type { ApiKeyRow } from "./repositories/workspaces.js";

/** Entries per map before it is emptied; unknown keys are never kept, so guessing cannot fill it. */
const LIMIT = 10_000;

export class AccessCache {
  private generation = 0;
  private seenVersion: number;
  private readonly keys = new Map<string, Readonly<ApiKeyRow>>();
  private readonly rules = new Map<string, readonly Readonly<PermissionRuleRow>[]>();

  /** `externalVersion` changes whenever another connection commits (SQLite's data_version). */
  constructor(private readonly externalVersion: () => number) {
    this.seenVersion = externalVersion();
  }

  /** Forget everything: this process wrote keys or rules, or rolled a transaction back. */
  invalidate(): void {
    this.generation += 1;
    this.keys.clear();
    this.rules.clear();
  }

  apiKey(keyHash: string, load: () => Promise<ApiKeyRow | undefined>): Promise<Readonly<ApiKeyRow> | undefined> {
    return this.through(this.keys, keyHash, load);
  }

  async permissionRules(
    workspaceId: string,
    keyId: string | null,
    load: () => Promise<PermissionRuleRow[]>,
  ): Promise<readonly Readonly<PermissionRuleRow>[]> {
    return (await this.through(this.rules, `${workspaceId} ${keyId ?? ""}`, load)) ?? [];
  }

  private async through<T extends object>(
    map: Map<string, Readonly<T>>,
    key: string,
    load: () => Promise<T | undefined>,
  ): Promise<Readonly<T> | undefined> {
    const version = this.externalVersion();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.invalidate();
    }
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    // A write or rollback while the lookup ran may have made the value stale: then it is not kept.
    if (value !== undefined && generation === this.generation) {
      if (map.size >= LIMIT) map.clear();
      map.set(key, Object.freeze(value));
    }
    return value;
  }
}
