// Opens the database a URL names, applies migrations and hands out repositories, in or out of a transaction.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { migrationProvider } from "./migrations/index.js";
import { ImportRepository } from "./repositories/imports.js";
import { LeadSearchRepository } from "./repositories/lead-search.js";
import { LeadRepository } from "./repositories/leads.js";
import { MissionLeadRepository } from "./repositories/mission-leads.js";
import { MissionRepository } from "./repositories/missions.js";
import { OfferRepository } from "./repositories/offers.js";
import { ApiKeyRepository, WorkspaceRepository } from "./repositories/workspaces.js";
import type { Database } from "./schema.js";

export interface Repositories {
  readonly missions: MissionRepository;
  readonly offers: OfferRepository;
  readonly workspaces: WorkspaceRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly imports: ImportRepository;
  readonly leads: LeadRepository;
  readonly leadSearch: LeadSearchRepository;
  readonly missionLeads: MissionLeadRepository;
}

export type TransactionMode = "read" | "write";

export interface Store {
  readonly dialect: "sqlite" | "postgres";
  /** Where the data lives: a file path, or a URL with its password removed. */
  readonly location: string;
  /** Repositories outside any transaction (each statement commits on its own). */
  readonly repositories: Repositories;
  transaction<T>(mode: TransactionMode, fn: (repositories: Repositories) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `sqlite:<path>`, a plain file path, or `:memory:`. */
  url: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

function repositoriesOf(db: Kysely<Database>): Repositories {
  return {
    missions: new MissionRepository(db),
    offers: new OfferRepository(db),
    workspaces: new WorkspaceRepository(db),
    apiKeys: new ApiKeyRepository(db),
    imports: new ImportRepository(db),
    leads: new LeadRepository(db),
    leadSearch: new LeadSearchRepository(db, "sqlite"),
    missionLeads: new MissionLeadRepository(db),
  };
}

export function sqlitePath(url: string): string | undefined {
  if (url === ":memory:") return url;
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  if (url.startsWith("file:")) return new URL(url).pathname;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? undefined : url;
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${(error as Error).message ?? String(error)}`);
}

function openSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const path = sqlitePath(options.url);
  if (path === undefined) {
    throw new Error(`unsupported database URL ${redactUrl(options.url)}: use a file path or sqlite:<path>`);
  }
  const db = openSqlite(path);
  if (options.migrate !== false) await migrate(db);
  const repositories = repositoriesOf(db);
  return {
    dialect: "sqlite",
    location: path,
    repositories,
    // SQLite: BEGIN IMMEDIATE takes the write lock up front, so two processes on one file
    // wait on busy_timeout instead of failing on a lock upgrade.
    transaction: (mode, fn) =>
      db.connection().execute(async (conn) => {
        await sql.raw(mode === "write" ? "begin immediate" : "begin").execute(conn);
        try {
          const result = await fn(repositoriesOf(conn));
          await sql.raw("commit").execute(conn);
          return result;
        } catch (error) {
          await sql.raw("rollback").execute(conn);
          throw error;
        }
      }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
