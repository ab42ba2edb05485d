// Opens the database a URL names, applies migrations and hands out repositories, in or out of a transaction.
import { Migrator, sql, type Kysely } from "kysely";
import { AccessCache } from "./access-cache.js";
import { openDialect } from "./dialects/open.js";
import type { ConnectionStats, DialectConnection, DialectName, DirectStatements, TransactionMode } from "./dialects/types.js";
import { FIRST_MIGRATION, migrationNames, migrationProvider } from "./migrations/index.js";
import { ApprovalRepository } from "./repositories/approvals.js";
import { ConsoleSessionRepository } from "./repositories/console-sessions.js";
import { LeadSourceSearchRepository } from "./repositories/lead-source-searches.js";
import { DraftRepository } from "./repositories/drafts.js";
import { IdempotencyRepository } from "./repositories/idempotency.js";
import { ImportRepository } from "./repositories/imports.js";
import { indexUnindexedLeads } from "./repositories/lead-search-index.js";
import { LeadSearchRepository } from "./repositories/lead-search.js";
import { LeadRepository } from "./repositories/leads.js";
import { MissionLeadRepository } from "./repositories/mission-leads.js";
import { MissionRepository } from "./repositories/missions.js";
import { OfferRepository } from "./repositories/offers.js";
import { OutboxRepository } from "./repositories/outbox.js";
import { PermissionRuleRepository } from "./repositories/permission-rules.js";
import { SharedRateCounter, type RateCounter } from "./repositories/rate-limit-windows.js";
import { ScoreRepository } from "./repositories/scores.js";
import { ScoringJobRepository } from "./repositories/scoring-jobs.js";
import { ScoringProfileRepository } from "./repositories/scoring-profiles.js";
import { ApiKeyRepository, WorkspaceRepository } from "./repositories/workspaces.js";
import type { Database } from "./schema.js";
import { exportData, importData, type TransferSummary } from "./transfer.js";

export type { DialectName, TransactionMode } from "./dialects/types.js";

export interface Repositories {
  readonly missions: MissionRepository;
  readonly offers: OfferRepository;
  readonly workspaces: WorkspaceRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly imports: ImportRepository;
  readonly leads: LeadRepository;
  readonly leadSearch: LeadSearchRepository;
  readonly missionLeads: MissionLeadRepository;
  readonly approvals: ApprovalRepository;
  readonly permissionRules: PermissionRuleRepository;
  readonly idempotency: IdempotencyRepository;
  readonly drafts: DraftRepository;
  readonly outbox: OutboxRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly scoringProfiles: ScoringProfileRepository;
  readonly scoringJobs: ScoringJobRepository;
  readonly scores: ScoreRepository;
  readonly leadSourceSearches: LeadSourceSearchRepository;
}

export interface Store {
  /** For /healthz and logs only: nothing outside this package branches on it. */
  readonly dialect: DialectName;
  /** Where the data lives: a file path, or a URL with its password removed. */
  readonly location: string;
  /** Repositories outside any transaction (each statement commits on its own); writes belong in transaction("write"). */
  readonly repositories: Repositories;
  /**
   * The same repositories for reads only: on SQLite a read-only connection of its own, which never
   * waits for a write or an import in progress (docs/decisions/0012). Writing through them fails.
   */
  readonly reads: Repositories;
  transaction<T>(
    mode: TransactionMode,
    fn: (repositories: Repositories) => Promise<T>,
    options?: { serializable?: boolean; batch?: boolean },
  ): Promise<T>;
  ping(): Promise<void>;
  /** Applies pending migrations (safe from several processes at once: the migrator takes a lock). */
  migrate(): Promise<void>;
  /**
   * True when this open found no schema and created it: the database is new and holds nothing
   * (a mistyped path or SALESTOUCH_HOME gives one silently; the CLI and MCP stdio say so).
   */
  readonly created: boolean;
  /**
   * True when this open ran the migrator: a new database, or one this build upgrades (work later
   * opens do not do; the CLI then leaves its code cache to a later call, packages/launch).
   */
  readonly migrated: boolean;
  /** Writes every row (of one workspace) as JSON lines, parents first (`db export`). */
  exportData(write: (line: string) => void | Promise<void>, options?: { workspaceId?: string }): Promise<TransferSummary>;
  /** Reads a `db export` in one transaction: every row or none (`db import`). */
  importData(lines: AsyncIterable<string>): Promise<TransferSummary>;
  /**
   * A request counter all processes on this database share, where processes can be many machines
   * (PostgreSQL); null where one machine's process counts alone (SQLite).
   */
  readonly sharedRateCounter: RateCounter | null;
  /** The connection pool (PostgreSQL) and transactions run again after losing a race, for the metrics. */
  stats(): ConnectionStats;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `postgres://…` or `postgresql://…`; else `sqlite:<path>`, a plain file path, or `:memory:`. */
  url: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** PostgreSQL connections this process may hold (default 10). */
  poolSize?: number;
  /** How long a SQLite write waits for another process's lock before failing as busy (default 5000 ms). */
  sqliteBusyTimeoutMs?: number;
}

function repositoriesOf(db: Kysely<Database>, dialect: DialectName, cache: AccessCache | null, direct?: DirectStatements): Repositories {
  return {
    missions: new MissionRepository(db, dialect, direct),
    offers: new OfferRepository(db),
    workspaces: new WorkspaceRepository(db),
    apiKeys: new ApiKeyRepository(db, cache),
    imports: new ImportRepository(db),
    leads: new LeadRepository(db, dialect),
    leadSearch: new LeadSearchRepository(db, dialect),
    missionLeads: new MissionLeadRepository(db),
    approvals: new ApprovalRepository(db),
    permissionRules: new PermissionRuleRepository(db, cache),
    idempotency: new IdempotencyRepository(db),
    drafts: new DraftRepository(db),
    outbox: new OutboxRepository(db),
    consoleSessions: new ConsoleSessionRepository(db),
    scoringProfiles: new ScoringProfileRepository(db, dialect),
    scoringJobs: new ScoringJobRepository(db, dialect),
    scores: new ScoreRepository(db, dialect),
    leadSourceSearches: new LeadSourceSearchRepository(db),
  };
}

/**
 * One read: does the migration table list exactly the migrations this build knows? Then there is nothing
 * to apply, and the migrator (a write lock on SQLite, the introspection of every table, a sort of the
 * names with the locale's collation) is skipped: it was most of the time a CLI call or a server
 * start spent on the database. Migrations are only ever added, so a database found current stays so.
 * No table (a new database) or any other failure: false, and the migrator decides, under its lock.
 */
async function isCurrent(connection: DialectConnection): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(connection.reads);
    const applied = new Set(rows.map((row) => row.name));
    // Exactly the known ones: a migration this build does not know is for the migrator to refuse.
    return applied.size === migrationNames.length && migrationNames.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** Applies pending migrations: `created` when the first one ran now (the database had no schema), `migrated` when the migrator ran. */
async function migrate(connection: DialectConnection): Promise<{ created: boolean; migrated: boolean }> {
  if (await isCurrent(connection)) return { created: false, migrated: false };
  let created = false;
  await connection.withMigrationLock(async (db) => {
    // Numbers are reserved ahead of work done in parallel, so a migration can land after a higher-numbered
    // one a database has already run: it is applied then, instead of refusing to start.
    const migrator = new Migrator({ db, provider: migrationProvider(connection.name), allowUnorderedMigrations: true });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === "Error");
    if (error) throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${(error as Error).message ?? String(error)}`);
    created = results?.some((r) => r.status === "Success" && r.migrationName === FIRST_MIGRATION) ?? false;
  });
  return { created, migrated: true };
}

/** The access cache, where the dialect can tell when keys or rules change; none where that cannot be read (counter not migrated). */
async function accessCacheOf(connection: DialectConnection): Promise<AccessCache | null> {
  const version = connection.externalChanges;
  if (!version) return null;
  try {
    return new AccessCache(version, await version());
  } catch {
    return null;
  }
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const connection = openDialect(options.url, { poolSize: options.poolSize, sqliteBusyTimeoutMs: options.sqliteBusyTimeoutMs });
  const { db } = connection;
  let ran = { created: false, migrated: false };
  try {
    if (options.migrate !== false) ran = await migrate(connection);
  } catch (error) {
    await connection.close();
    throw error;
  }
  // Keys and permission rules stay in memory while the database is unchanged (access-cache.ts).
  const cache = await accessCacheOf(connection);
  const forgetOnRollback = <T>(run: Promise<T>): Promise<T> =>
    cache
      ? run.catch((error: unknown) => {
          cache.invalidate();
          throw error;
        })
      : run;
  return {
    dialect: connection.name,
    location: connection.location,
    repositories: repositoriesOf(db, connection.name, cache),
    reads: repositoriesOf(connection.reads, connection.name, cache),
    transaction: (mode, fn, options) =>
      forgetOnRollback(connection.transaction(mode, (trx, direct) => fn(repositoriesOf(trx, connection.name, cache, direct)), options)),
    ping: async () => {
      await sql`select 1`.execute(connection.reads);
    },
    migrate: async () => void (await migrate(connection)),
    created: ran.created,
    migrated: ran.migrated,
    exportData: (write, exportOptions) => connection.transaction("read", (trx) => exportData(trx, write, exportOptions?.workspaceId), { once: true }),
    importData: (lines) =>
      connection
        .transaction(
          "write",
          async (trx) => {
            const summary = await importData(trx, connection.name, lines);
            // Copied lead rows bypass LeadRepository, which writes SQLite's search index.
            if (connection.name === "sqlite") await indexUnindexedLeads(trx);
            return summary;
          },
          { once: true },
        )
        .finally(() => cache?.invalidate()),
    sharedRateCounter: connection.name === "postgres" ? new SharedRateCounter(db) : null,
    stats: () => connection.stats(),
    close: () => connection.close(),
  };
}
