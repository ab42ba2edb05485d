// API keys and permission rules, kept in memory for as long as nothing can have changed them.
//
// Every command call looks up its key and its permission rules; both change rarely. On SQLite the
// cache is exact: this process drops it on its own writes to those tables (and on any rollback),
// and `PRAGMA data_version`, read once a request (at its key lookup, reused by its rules lookup),
// changes as soon as any other process (the CLI revoking a key, a second server) commits to the
// file — so a revoked key fails on the very next request, as without the cache. On PostgreSQL triggers keep a change counter
// (migration 0016-access-changes) and the counter is read from the database: every request waits
// for a read of it sent after the request began (at its key lookup; its rules lookup reuses it), and
// the lookups that start while one read is out share the next — one round trip for all the calls in
// flight instead of a key and a rules query each (docs/decisions/0020).
import type { PermissionRuleRow } from "./repositories/permission-rules.js";
import type { ApiKeyRow } from "./repositories/workspaces.js";

/** Entries per map before it is emptied; unknown keys are never kept, so guessing cannot fill it. */
const LIMIT = 10_000;

/**
 * One read of the external version, made for one request: its key lookup reads it, and the same
 * request's rules lookup reuses it instead of reading again (the principal carries it). A read is
 * never older than its request, so a change committed before the request arrived is seen by it.
 * A request still holding a read from before a change another request has seen only makes the
 * cache start over (it loads from the database), never serve what the change replaced.
 */
export interface AccessRead {
  readonly version: number;
}

/** A value now, or a promise of it: the cache answers a hit without a promise. */
type Maybe<T> = T | Promise<T>;

export class AccessCache {
  private generation = 0;
  private seenVersion: number;
  private readonly keys = new Map<string, Readonly<ApiKeyRow>>();
  private readonly rules = new Map<string, readonly Readonly<PermissionRuleRow>[]>();

  /**
   * `externalVersion` changes whenever another connection commits (SQLite's data_version) or
   * whenever anyone changes keys or rules (PostgreSQL's counter); `initial` is its value now.
   */
  constructor(
    private readonly externalVersion: () => number | Promise<number>,
    initial: number,
  ) {
    this.seenVersion = initial;
  }

  /** Forget everything: this process wrote keys or rules, or rolled a transaction back. */
  invalidate(): void {
    this.generation += 1;
    this.keys.clear();
    this.rules.clear();
  }

  /** Reads the external version now (a call on SQLite, a shared round trip on PostgreSQL). */
  read(): Maybe<AccessRead> {
    const version = this.externalVersion();
    return typeof version === "number" ? { version } : version.then((v) => ({ version: v }));
  }

  /** The key of this hash; `read` given (made by this request), the version is not read again. */
  apiKey(keyHash: string, load: () => Promise<ApiKeyRow | undefined>, read?: AccessRead): Maybe<Readonly<ApiKeyRow> | undefined> {
    return this.through(this.keys, keyHash, load, read);
  }

  permissionRules(
    workspaceId: string,
    keyId: string | null,
    load: () => Promise<PermissionRuleRow[]>,
    read?: AccessRead,
  ): Maybe<readonly Readonly<PermissionRuleRow>[] | undefined> {
    return this.through(this.rules, `${workspaceId} ${keyId ?? ""}`, load, read);
  }

  private through<T extends object>(
    map: Map<string, Readonly<T>>,
    key: string,
    load: () => Promise<T | undefined>,
    read: AccessRead | undefined,
  ): Maybe<Readonly<T> | undefined> {
    const current = read ?? this.read();
    if (!("version" in current)) return current.then((value) => this.served(map, key, load, value));
    return this.served(map, key, load, current);
  }

  /** The cached value, when the cache is known current as of `read`; else the database's. */
  private served<T extends object>(
    map: Map<string, Readonly<T>>,
    key: string,
    load: () => Promise<T | undefined>,
    read: AccessRead,
  ): Maybe<Readonly<T> | undefined> {
    if (read.version !== this.seenVersion) {
      this.seenVersion = read.version;
      this.invalidate();
    }
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    return this.loaded(map, key, load);
  }

  private async loaded<T extends object>(
    map: Map<string, Readonly<T>>,
    key: string,
    load: () => Promise<T | undefined>,
  ): Promise<Readonly<T> | undefined> {
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

/**
 * A reader of a remote counter where every caller gets a value read by a query sent after it
 * called: the first caller's read goes out at once; callers arriving while it is out wait for the
 * next, sent as soon as it returns, which serves all of them.
 */
export function sharedReads(read: () => Promise<number>): () => Promise<number> {
  let inFlight: Promise<number> | null = null;
  let queued: Promise<number> | null = null;
  const start = (): Promise<number> => {
    const current = read().finally(() => {
      inFlight = null;
    });
    inFlight = current;
    return current;
  };
  return () => {
    if (inFlight === null) return start();
    if (queued === null) {
      queued = inFlight
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          queued = null;
          return start();
        });
    }
    return queued;
  };
}
