// What both baselines do per request: validate with the same generated validator, insert the
// same row with a prepared statement, and answer with a mission-shaped body.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { registry } from "@salestouch/contracts";

export function openBaselineDatabase(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(`create table if not exists missions (id text primary key, workspace_id text not null, name text not null,
    name_search text not null, status text not null, description text, target_audience text, desired_action text,
    cta_url text, tone_instructions text, example_messages_json text not null, offer_id text, created_at text not null, updated_at text not null)`);
  const insert = db.prepare(`insert into missions values (@id, @workspace_id, @name, @name_search, @status, @description,
    @target_audience, @desired_action, @cta_url, @tone_instructions, @example_messages_json, @offer_id, @created_at, @updated_at)`);
  const validate = registry["mission.create"].validateInput;
  return function handle(body) {
    const input = body?.input;
    if (!validate(input)) return { status: 400, body: { ok: false, error: { code: "invalid_input", details: validate.errors } } };
    const now = new Date().toISOString();
    const row = {
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
    insert.run(row);
    const mission = {
      id: row.id,
      name: row.name,
      status: row.status,
      stats: { leads: 0, contacted: 0, replied: 0 },
      updated_at: now,
      brief: {
        description: row.description,
        target_audience: row.target_audience,
        desired_action: row.desired_action,
        cta_url: row.cta_url,
        tone_instructions: row.tone_instructions,
        example_messages: input.example_messages ?? [],
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
  };
}
