// Approvals, permission rules, idempotency keys, LinkedIn drafts and the outbox. Everything that
// must happen once is guarded by a unique constraint, so it holds across processes and replicas.
import type { Kysely, Migration } from "kysely";

async function createPermissionRules(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("permission_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    // "workspace" for a rule of the whole workspace, else the API key id it applies to.
    .addColumn("subject", "text", (c) => c.notNull())
    // "*", a category (imports) or a command id (linkedin.draft.approve).
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("permission", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("permission_rules_subject").on("permission_rules").columns(["workspace_id", "subject", "target"]).unique().execute();
}

async function createApprovalRequests(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("approval_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("command_id", "text", (c) => c.notNull())
    .addColumn("command_hash", "text", (c) => c.notNull())
    .addColumn("input_json", "text", (c) => c.notNull())
    .addColumn("preview_json", "text")
    .addColumn("status", "text", (c) => c.notNull())
    // "pending" while pending, the request's own id afterwards: the unique index below then
    // allows one pending request per workspace and input, and any number of decided ones.
    .addColumn("pending_slot", "text", (c) => c.notNull())
    .addColumn("requested_by_kind", "text", (c) => c.notNull())
    .addColumn("requested_by_key_id", "text")
    .addColumn("requested_scopes_json", "text", (c) => c.notNull())
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("decided_by_kind", "text")
    .addColumn("decided_by_key_id", "text")
    .addColumn("decided_at", "text")
    .addColumn("decision_note", "text")
    .addColumn("executed_at", "text")
    .addColumn("result_json", "text")
    .execute();
  await db.schema
    .createIndex("approval_requests_pending")
    .on("approval_requests")
    .columns(["workspace_id", "command_hash", "pending_slot"])
    .unique()
    .execute();
  await db.schema.createIndex("approval_requests_status").on("approval_requests").columns(["workspace_id", "status", "id"]).execute();
}

async function createIdempotencyKeys(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    // The API key id, or "local" for a person at the machine.
    .addColumn("principal", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("command_id", "text", (c) => c.notNull())
    .addColumn("command_hash", "text", (c) => c.notNull())
    .addColumn("result_json", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("idempotency_keys_key")
    .on("idempotency_keys")
    .columns(["workspace_id", "principal", "idempotency_key"])
    .unique()
    .execute();
}

async function createDrafts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("drafts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    .addColumn("lead_id", "text", (c) => c.notNull().references("leads.id"))
    .addColumn("mission_id", "text", (c) => c.notNull().references("missions.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("variations_json", "text", (c) => c.notNull())
    .addColumn("selected_variation_index", "integer")
    .addColumn("selected_body_text", "text")
    .addColumn("approved_at", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("dispatched_at", "text")
    .addColumn("dispatched_queue_item_id", "text")
    .addColumn("dispatched_message_id", "text")
    .addColumn("dispatched_external_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("drafts_workspace_id").on("drafts").columns(["workspace_id", "id"]).execute();
  await db.schema.createIndex("drafts_status").on("drafts").columns(["workspace_id", "status", "id"]).execute();
  await db.schema.createIndex("drafts_mission_id").on("drafts").columns(["mission_id", "id"]).execute();
  await db.schema.createIndex("drafts_lead_id").on("drafts").columns(["lead_id", "id"]).execute();
}

async function createOutbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id"))
    // Unique: a draft is dispatched at most once, whatever races between processes.
    .addColumn("draft_id", "text", (c) => c.notNull().unique().references("drafts.id"))
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("lead_id", "text", (c) => c.notNull())
    .addColumn("mission_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("recipient_json", "text", (c) => c.notNull())
    .addColumn("dispatcher", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("external_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("delivered_at", "text")
    .execute();
  await db.schema.createIndex("outbox_status").on("outbox").columns(["workspace_id", "status", "id"]).execute();
}

export const approvalsAndDrafts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createPermissionRules(db);
    await createApprovalRequests(db);
    await createIdempotencyKeys(db);
    await createDrafts(db);
    await createOutbox(db);
  },
};
