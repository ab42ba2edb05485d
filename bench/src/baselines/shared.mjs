// What every baseline does per request: validate with the same generated validator, write or
// read the same mission row (a prepared statement on SQLite, one pooled query on PostgreSQL), and
// answer with a mission-shaped envelope. `mission.create` inserts; `mission.get` reads by id.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { registry } from "@salestouch/contracts";

export const MISSION_COLUMNS = `id text primary key, workspace_id text not null, name text not null,
    name_search text not null, status text not null, description text, target_audience text, desired_action text,
    cta_url text, tone_instructions text, example_messages_json text not null, offer_id text, created_at text not null, updated_at text not null`;

const validateCreate = registry["mission.create"].validateInput;
const validateGet = registry["mission.get"].validateInput;

function invalid(errors) {
  return { status: 400, body: { ok: false, error: { code: "invalid_input", details: errors } } };
}

function newRow(input) {
  const now = new Date().toISOString();
  return {
    id: `mis_${randomBytes(13).toString("hex")}`,
    workspace_id: "ws_bench",
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

function missionEnvelope(row) {
  const mission = {
    id: row.id,
    name: row.name,
    status: row.status,
    stats: { leads: 0, contacted: 0, replied: 0 },
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
    imports: [],
  };
  return {
    status: 200,
    body: {
      ok: true,
      status: 200,
      data: { mission },
      error: null,
      meta: { approval_required: false, approval_request_id: null, command_hash: "", warnings: [] },
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
  const insert = db.prepare(`insert into missions values (@id, @workspace_id, @name, @name_search, @status, @description,
    @target_audience, @desired_action, @cta_url, @tone_instructions, @example_messages_json, @offer_id, @created_at, @updated_at)`);
  const select = db.prepare("select * from missions where workspace_id = ? and id = ?");
  return function handle(command, body) {
    const input = body?.input;
    if (command === "mission.get") {
      if (!validateGet(input)) return invalid(validateGet.errors);
      const row = select.get("ws_bench", input.mission_id);
      return row ? missionEnvelope(row) : { status: 404, body: { ok: false, error: { code: "not_found" } } };
    }
    if (!validateCreate(input)) return invalid(validateCreate.errors);
    const row = newRow(input);
    insert.run(row);
    return missionEnvelope(row);
  };
}

/** The same on PostgreSQL: one pooled query per request (`pg`, the driver the runtime uses). */
export async function openPostgresBaseline(url, poolSize) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  await pool.query(`create table if not exists baseline_missions (${MISSION_COLUMNS})`);
  const columns = Object.keys(newRow({ name: "x" }));
  const insert = `insert into baseline_missions (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
  return async function handle(command, body) {
    const input = body?.input;
    if (command === "mission.get") {
      if (!validateGet(input)) return invalid(validateGet.errors);
      const { rows } = await pool.query({
        name: "get",
        text: "select * from baseline_missions where workspace_id = $1 and id = $2",
        values: ["ws_bench", input.mission_id],
      });
      return rows[0] ? missionEnvelope(rows[0]) : { status: 404, body: { ok: false, error: { code: "not_found" } } };
    }
    if (!validateCreate(input)) return invalid(validateCreate.errors);
    const row = newRow(input);
    await pool.query({ name: "insert", text: insert, values: columns.map((c) => row[c]) });
    return missionEnvelope(row);
  };
}
