// `db export` / `db import`: every row of a workspace (or all), one JSON line each, table by table in
// an order where foreign keys hold, so a workspace moves from the embedded file to PostgreSQL (or
// back) without losing anything. Search indexes are not exported: each dialect rebuilds its own.
import type { ExpressionBuilder, Kysely } from "kysely";
import type { DialectName } from "./dialects/types.js";
import type { Database } from "./schema.js";
import { MissionRepository } from "./repositories/missions.js";

export const EXPORT_FORMAT = "salestouch-export";
const EXPORT_VERSION = 1;

interface TableSpec {
  /** Primary key columns: the export pages by them. */
  key: readonly string[];
  /** The column naming the row's workspace. */
  workspace: string;
  /** Columns a dialect derives itself (PostgreSQL's generated search vector): never exported. */
  derived?: readonly string[];
}

/**
 * Every table, parents before children. A table the database holds but this list lacks fails
 * the export (and a test), so an export can never silently leave one out; a listed table the
 * database does not hold yet (an older schema) is skipped.
 */
const TABLES: Record<string, TableSpec> = {
  workspaces: { key: ["id"], workspace: "id" },
  api_keys: { key: ["id"], workspace: "workspace_id" },
  permission_rules: { key: ["id"], workspace: "workspace_id" },
  offers: { key: ["id"], workspace: "workspace_id" },
  missions: { key: ["id"], workspace: "workspace_id" },
  imports: { key: ["id"], workspace: "workspace_id" },
  leads: { key: ["id"], workspace: "workspace_id", derived: ["search_vector"] },
  mission_leads: { key: ["mission_id", "lead_id"], workspace: "workspace_id" },
  import_leads: { key: ["import_id", "lead_id"], workspace: "workspace_id" },
  lead_status_history: { key: ["id"], workspace: "workspace_id" },
  approval_requests: { key: ["id"], workspace: "workspace_id" },
  idempotency_keys: { key: ["id"], workspace: "workspace_id" },
  drafts: { key: ["id"], workspace: "workspace_id" },
  outbox: { key: ["id"], workspace: "workspace_id" },
  scoring_profiles: { key: ["workspace_id", "version"], workspace: "workspace_id" },
  scoring_feedback: { key: ["id"], workspace: "workspace_id" },
  scoring_jobs: { key: ["id"], workspace: "workspace_id" },
};

/**
 * Tables not moved between databases: migrator bookkeeping, the search indexes (rebuilt from
 * leads), mission stats (recounted from the links an import brings), the access change counter (PostgreSQL's
 * triggers keep it), rate-limit windows (a minute of transient counts), console sessions (a browser's
 * sign-in belongs to the server that issued it; people sign in again after a move) and lead-source
 * searches in flight (they last a search's timeout).
 */
const INTERNAL_TABLE = /^(kysely_|sqlite_|leads_fts|lead_search_docs|rate_limit_windows|console_sessions|mission_stats|access_changes|lead_source_)/;

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exported_at: string;
  /** The exported workspace's id, or null for the whole database. */
  workspace_id: string | null;
  migrations: string[];
}

export interface TransferSummary {
  rows: Record<string, number>;
  /**
   * Text the contract refuses (NUL, unpaired UTF-16 surrogates: spec/schemas/text.json) found in
   * the rows and replaced by U+FFFD — a database written before the rule may hold some, and
   * PostgreSQL cannot store NUL at all. `where` names the first ones as `table id column`.
   */
  replaced: { count: number; where: string[] };
}

// The contract's text rule (spec/schemas/text.json), for rows that predate it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The same characters written as JSON escapes, inside a JSON text column. */
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;
const LISTED_REPLACEMENTS = 20;

function cleanText(text: string): string {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE, "\ufffd") : text;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === "string") return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanValue(v)]));
  return value;
}

/** `row` with refused text replaced (also inside JSON text columns), each replacement counted in `report`. */
function cleanRow(table: string, row: Row, spec: TableSpec, report: TransferSummary["replaced"]): Row {
  let out: Row | undefined;
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== "string") continue;
    let cleaned = cleanText(value);
    if (cleaned === value && column.endsWith("_json") && ESCAPED_UNSTORABLE.test(value)) {
      try {
        cleaned = JSON.stringify(cleanValue(JSON.parse(value)));
      } catch {
        cleaned = value;
      }
    }
    if (cleaned === value) continue;
    out ??= { ...row };
    out[column] = cleaned;
    report.count++;
    if (report.where.length < LISTED_REPLACEMENTS) report.where.push(`${table} ${spec.key.map((k) => String(row[k])).join("/")} ${column}`);
  }
  return out ?? row;
}

const PAGE = 500;

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const rows = await db.selectFrom("kysely_migration").select("name").orderBy("name").execute();
  return rows.map((r) => String(r["name"]));
}

/** `key > last` for a one-column key, `(a, b) > (x, y)` for two (SQLite and PostgreSQL both compare row values). */
function afterKey(key: readonly string[], last: unknown[]) {
  return (eb: ExpressionBuilder<Record<string, Row>, string>) =>
    key.length === 1 ? eb(key[0]!, ">", last[0]) : eb(eb.refTuple(key[0]!, key[1]!), ">", eb.tuple(last[0], last[1]));
}

/** Writes the header, every row, then an end line that `importData` requires (a cut file is refused). */
export async function exportData(
  database: Kysely<Database>,
  write: (line: string) => void | Promise<void>,
  workspaceId?: string,
): Promise<TransferSummary> {
  const db = database as unknown as AnyDb;
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    workspace_id: workspaceId ?? null,
    migrations: await appliedMigrations(db),
  };
  await write(JSON.stringify(header));
  const rows: Record<string, number> = {};
  const replaced: TransferSummary["replaced"] = { count: 0, where: [] };
  const present = await exportedTables(database);
  for (const [table, spec] of Object.entries(TABLES)) {
    if (!present.has(table)) continue;
    rows[table] = 0;
    let after: unknown[] | undefined;
    for (;;) {
      let query = db.selectFrom(table).selectAll();
      if (workspaceId !== undefined) query = query.where(spec.workspace, "=", workspaceId);
      if (after !== undefined) query = query.where(afterKey(spec.key, after));
      for (const column of spec.key) query = query.orderBy(column);
      const page = await query.limit(PAGE).execute();
      for (const row of page) await write(JSON.stringify({ table, row: cleanRow(table, withoutDerived(row, spec), spec, replaced) }));
      rows[table] += page.length;
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = spec.key.map((column) => last[column]);
    }
  }
  await write(JSON.stringify({ end: true, rows }));
  return { rows, replaced };
}

function parseLine(line: string, number: number): Row {
  try {
    const value = JSON.parse(line) as unknown;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Row;
  } catch {
    // reported below
  }
  throw new Error(`line ${number} is not a JSON object; the file is not a \`db export\` (or it was cut)`);
}

function checkHeader(header: Row, target: string[]): void {
  if (header["format"] !== EXPORT_FORMAT || header["version"] !== EXPORT_VERSION) {
    throw new Error(`line 1 is not a ${EXPORT_FORMAT} v${EXPORT_VERSION} header; import a file written by \`db export\``);
  }
  const unknown = ((header["migrations"] as string[] | undefined) ?? []).filter((m) => !target.includes(m));
  if (unknown.length > 0)
    throw new Error(`the export comes from a newer schema (${unknown.join(", ")}); upgrade this installation, then import again`);
}

async function checkWorkspace(db: AnyDb, row: Row): Promise<void> {
  const clash = await db
    .selectFrom("workspaces")
    .select("id")
    .where("name", "=", row["name"] as string)
    .where("id", "<>", row["id"] as string)
    .executeTakeFirst();
  if (clash) {
    throw new Error(
      `the target already has a workspace named "${String(row["name"])}" (${String(clash["id"])}); import into an empty database (run \`db migrate\`, then \`db import\`, before starting servers on it)`,
    );
  }
}

/**
 * Reads an export into `db`, which the caller runs in one transaction: a failure anywhere (a row
 * already present, a cut file) leaves the target as it was.
 */
export async function importData(database: Kysely<Database>, dialect: DialectName, lines: AsyncIterable<string>): Promise<TransferSummary> {
  const db = database as unknown as AnyDb;
  const rows: Record<string, number> = {};
  const replaced: TransferSummary["replaced"] = { count: 0, where: [] };
  const missions: { id: string; workspace_id: string }[] = [];
  let pending: { table: string; rows: Row[] } | undefined;
  const flush = async (): Promise<void> => {
    if (!pending || pending.rows.length === 0) return;
    await db.insertInto(pending.table).values(pending.rows).execute();
    pending.rows = [];
  };
  let number = 0;
  let ended = false;
  for await (const raw of lines) {
    if (raw.trim() === "") continue;
    const line = parseLine(raw, ++number);
    if (number === 1) {
      checkHeader(line, await appliedMigrations(db));
      continue;
    }
    if (ended) throw new Error(`line ${number} follows the end line; the file was altered`);
    if (line["end"] === true) {
      ended = true;
      continue;
    }
    const table = line["table"] as string;
    if (!(table in TABLES)) throw new Error(`line ${number} names an unknown table ${JSON.stringify(table)}; import a file written by \`db export\``);
    // An export written before the text rule may hold text PostgreSQL cannot store.
    const row = cleanRow(table, line["row"] as Row, TABLES[table]!, replaced);
    // An export written before migration 0014 carries each score's breakdown, no longer stored.
    if (table === "mission_leads") delete row["score_breakdown"];
    if (table === "workspaces") await checkWorkspace(db, row);
    if (table === "missions") missions.push({ id: String(row["id"]), workspace_id: String(row["workspace_id"]) });
    if (pending?.table !== table) {
      await flush();
      pending = { table, rows: [] };
    }
    pending.rows.push(row);
    rows[table] = (rows[table] ?? 0) + 1;
    // SQLite binds at most 32,766 values a statement.
    if (pending.rows.length * Object.keys(row).length >= 20_000 || pending.rows.length >= PAGE) await flush();
  }
  if (number === 0) throw new Error("the export is empty; pass a file written by `db export`");
  if (!ended) throw new Error(`the export ends at line ${number} without its end line: it was cut; export again`);
  await flush();
  await recountMissionStats(database, dialect, missions);
  return { rows, replaced };
}

/** The imported missions' counts, from the links the import brought. */
async function recountMissionStats(
  database: Kysely<Database>,
  dialect: DialectName,
  missions: readonly { id: string; workspace_id: string }[],
): Promise<void> {
  const repository = new MissionRepository(database, dialect);
  for (let at = 0; at < missions.length; at += 500) {
    const chunk = missions.slice(at, at + 500);
    const counts = await repository.countLinks(chunk.map((m) => m.id));
    const values = chunk.map((m) => ({ mission_id: m.id, workspace_id: m.workspace_id, ...counts.get(m.id)! }));
    if (values.length > 0) await database.insertInto("mission_stats").values(values).execute();
  }
}

/** Tables the database holds that an export would not carry (none, unless TABLES is missing one). */
async function tablesOutsideExport(database: Kysely<Database>): Promise<string[]> {
  const tables = await database.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((name) => !(name in TABLES) && !INTERNAL_TABLE.test(name))
    .sort();
}

async function exportedTables(database: Kysely<Database>): Promise<Set<string>> {
  const outside = await tablesOutsideExport(database);
  if (outside.length > 0)
    throw new Error(`the export does not know the tables ${outside.join(", ")}; add them to TABLES in packages/store/src/transfer.ts`);
  return new Set((await database.introspection.getTables()).map((t) => t.name));
}

function withoutDerived(row: Row, spec: TableSpec): Row {
  if (!spec.derived) return row;
  const copy = { ...row };
  for (const column of spec.derived) delete copy[column];
  return copy;
}
