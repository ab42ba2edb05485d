// What every baseline does per request, as the runtime does it: find the API key by the sha256 of the
// presented key, validate with the same generated validator, write or read the same mission row (a
// prepared statement on SQLite, a named pooled query on PostgreSQL), answer with the same envelope
// (its command hash a sha256 of the command and input), and write one JSON log line per request.
// `mission.create` inserts; `mission.get` reads the mission with its stats row, its offer and its imports
// in one statement, as the runtime does (imports as one JSON array).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { registry } from "@salestouch/contracts";

export const MISSION_COLUMNS = `id text primary key, workspace_id text not null, name text not null,
    name_search text not null, status text not null, description text, target_audience text, desired_action text,
    cta_url text, tone_instructions text, example_messages_json text not null, offer_id text, created_at text not null, updated_at text not null`;

const API_KEY_COLUMNS = "id text primary key, workspace_id text not null, key_hash text not null unique, scopes text not null, revoked_at text";
const STATS_COLUMNS = "mission_id text primary key, leads integer not null, contacted integer not null, replied integer not null";
const IMPORT_COLUMNS = "id text primary key, mission_id text not null, name text not null, created_at text not null";
const OFFER_COLUMNS = "id text primary key, workspace_id text not null, name text not null, one_liner text not null, landing_page_url text";

/** The key the bench presents to a baseline (it prints it with its port). */
export const BASELINE_KEY = `st_${randomBytes(32).toString("base64url")}`;
const BASELINE_KEY_HASH = createHash("sha256").update(BASELINE_KEY).digest("hex");

/** The key hash of an `Authorization: Bearer st_…` header, or null. */
export function keyHashOf(header) {
  const match = typeof header === "string" ? /^Bearer\s+(st_\S+)$/.exec(header) : null;
  return match ? createHash("sha256").update(match[1]).digest("hex") : null;
}

const unauthenticated = { status: 401, body: { error: { code: "unauthenticated" } } };

/** JSON log lines, written once per event-loop turn like the runtime's. */
const pending = [];
function logLine(fields) {
  if (pending.length === 0) setImmediate(() => process.stdout.write(pending.splice(0).join("")));
  pending.push(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "request", ...fields })}\n`);
}

/** Request id, log line and the reply: what every baseline server does around `handle`. */
export function reply(res, req, started, result) {
  const requestId = randomUUID();
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-request-id": requestId,
  });
  res.end(text);
  logLine({ request_id: requestId, method: req.method, path: req.url, status: result.status, ms: Number(process.hrtime.bigint() - started) / 1e6 });
}

const validateCreate = registry["mission.create"].validateInput;
const validateGet = registry["mission.get"].validateInput;

function invalid(errors) {
  return { status: 400, body: { ok: false, error: { code: "invalid_input", details: errors } } };
}

function newRow(input, workspaceId) {
  const now = new Date().toISOString();
  return {
    id: `mis_${randomBytes(13).toString("hex")}`,
    workspace_id: workspaceId,
    name: input.name.trim(),
    name_search: input.name.toLowerCase(),
    status: "active",
    description: input.description ?? null,
    target_audience: input.target_audience ?? null,
    desired_action: input.desired_action ?? null,
    cta_url: input.cta_url ?? null,
    tone_instructions: input.tone_instructions ?? null,
    example_messages_json: JSON.stringify(input.example_messages ?? []),
    offer_id: null,
    created_at: now,
    updated_at: now,
  };
}

function commandHash(command, input) {
  return createHash("sha256")
    .update(JSON.stringify({ command_id: command, input }))
    .digest("hex");
}

function missionEnvelope(row, hash, stats = { leads: 0, contacted: 0, replied: 0 }, imports = []) {
  const mission = {
    id: row.id,
    name: row.name,
    status: row.status,
    stats,
    updated_at: row.updated_at,
    brief: {
      description: row.description,
      target_audience: row.target_audience,
      desired_action: row.desired_action,
      cta_url: row.cta_url,
      tone_instructions: row.tone_instructions,
      example_messages: JSON.parse(row.example_messages_json),
      offer_id: null,
      offer_name: null,
      offer_summary: null,
      offer_landing_page_url: null,
    },
    imports: imports.map((i) => ({ import_id: i.id, name: i.name, date: i.created_at })),
  };
  return {
    status: 200,
    body: {
      ok: true,
      status: 200,
      data: { mission },
      error: null,
      meta: { approval_required: false, approval_request_id: null, command_hash: hash, warnings: [] },
    },
  };
}

/** The command a path names: the last segment of /api/v1/commands/<id>. */
export function commandOf(path) {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function openBaselineDatabase(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(`create table if not exists missions (${MISSION_COLUMNS})`);
  db.exec(`create table if not exists api_keys (${API_KEY_COLUMNS})`);
  db.exec(`create table if not exists mission_stats (${STATS_COLUMNS})`);
  db.exec(`create table if not exists imports (${IMPORT_COLUMNS})`);
  db.exec(`create table if not exists offers (${OFFER_COLUMNS})`);
  db.exec("create index if not exists imports_mission on imports (mission_id, id)");
  db.prepare("insert or ignore into api_keys values ('key_bench', 'ws_bench', ?, '[\"*\"]', null)").run(BASELINE_KEY_HASH);
  const findKey = db.prepare("select * from api_keys where key_hash = ?");
  const insert = db.prepare(`insert into missions values (@id, @workspace_id, @name, @name_search, @status, @description,
    @target_audience, @desired_action, @cta_url, @tone_instructions, @example_messages_json, @offer_id, @created_at, @updated_at)`);
  // The mission with its stats row, its offer and its imports, in one statement.
  const select = db.prepare(
    `select m.*, s.leads, s.contacted, s.replied, o.name as offer_name,
      (select json_group_array(json_object('id', i.id, 'name', i.name, 'created_at', i.created_at) order by i.id desc) from imports i where i.mission_id = m.id) as imports
      from missions m left join mission_stats s on s.mission_id = m.id left join offers o on o.id = m.offer_id and o.workspace_id = m.workspace_id
      where m.workspace_id = ? and m.id = ?`,
  );
  return function handle(command, body, keyHash) {
    const key = keyHash === null ? undefined : findKey.get(keyHash);
    if (!key || key.revoked_at !== null) return unauthenticated;
    const input = body?.input;
    const hash = commandHash(command, input);
    if (command === "mission.get") {
      if (!validateGet(input)) return invalid(validateGet.errors);
      const row = select.get(key.workspace_id, input.mission_id);
      if (!row) return { status: 404, body: { ok: false, error: { code: "not_found" } } };
      const stats = { leads: row.leads ?? 0, contacted: row.contacted ?? 0, replied: row.replied ?? 0 };
      return missionEnvelope(row, hash, stats, JSON.parse(row.imports));
    }
    if (!validateCreate(input)) return invalid(validateCreate.errors);
    const row = newRow(input, key.workspace_id);
    insert.run(row);
    return missionEnvelope(row, hash);
  };
}

/** The same on PostgreSQL: one pooled query per request (`pg`, the driver the runtime uses). */
export async function openPostgresBaseline(url, poolSize) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  await pool.query(`create table if not exists baseline_missions (${MISSION_COLUMNS})`);
  await pool.query(`create table if not exists baseline_api_keys (${API_KEY_COLUMNS})`);
  await pool.query(`create table if not exists baseline_mission_stats (${STATS_COLUMNS})`);
  await pool.query(`create table if not exists baseline_imports (${IMPORT_COLUMNS})`);
  await pool.query(`create table if not exists baseline_offers (${OFFER_COLUMNS})`);
  await pool.query("create index if not exists baseline_imports_mission on baseline_imports (mission_id, id)");
  await pool.query("insert into baseline_api_keys values ('key_bench', 'ws_bench', $1, '[\"*\"]', null) on conflict do nothing", [BASELINE_KEY_HASH]);
  const columns = Object.keys(newRow({ name: "x" }, "ws"));
  const insert = `insert into baseline_missions (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
  return async function handle(command, body, keyHash) {
    const keys =
      keyHash === null
        ? []
        : (await pool.query({ name: "key", text: "select * from baseline_api_keys where key_hash = $1", values: [keyHash] })).rows;
    if (!keys[0] || keys[0].revoked_at !== null) return unauthenticated;
    const workspaceId = keys[0].workspace_id;
    const input = body?.input;
    const hash = commandHash(command, input);
    if (command === "mission.get") {
      if (!validateGet(input)) return invalid(validateGet.errors);
      // The mission with its stats row, its offer and its imports, in one statement.
      const { rows } = await pool.query({
        name: "get",
        text: `select m.*, s.leads, s.contacted, s.replied, o.name as offer_name,
          (select coalesce(json_agg(i order by i.id desc), '[]') from baseline_imports i where i.mission_id = m.id) as imports
          from baseline_missions m left join baseline_mission_stats s on s.mission_id = m.id
          left join baseline_offers o on o.id = m.offer_id and o.workspace_id = m.workspace_id where m.workspace_id = $1 and m.id = $2`,
        values: [workspaceId, input.mission_id],
      });
      const row = rows[0];
      if (!row) return { status: 404, body: { ok: false, error: { code: "not_found" } } };
      return missionEnvelope(row, hash, { leads: row.leads ?? 0, contacted: row.contacted ?? 0, replied: row.replied ?? 0 }, row.imports);
    }
    if (!validateCreate(input)) return invalid(validateCreate.errors);
    const row = newRow(input, workspaceId);
    await pool.query({ name: "insert", text: insert, values: columns.map((c) => row[c]) });
    return missionEnvelope(row, hash);
  };
}
