// Kysely table types of migration 0003: permission rules, approval requests, idempotency keys,
// LinkedIn drafts and the outbox. Same conventions as schema.ts (ISO text times, 0/1, JSON text).
import type { ApprovalStatus, Permission } from "@salestouch/contracts";

export type PermissionValue = Permission;

export interface PermissionRuleTable {
  id: string;
  workspace_id: string;
  /** "workspace", or the API key id the rule applies to. */
  subject: string;
  /** "*", a category or a command id. */
  target: string;
  permission: PermissionValue;
  created_at: string;
  updated_at: string;
}

// The statuses are the spec's (spec/schemas/approval.json); the column holds exactly those.
export type { ApprovalStatus };

export interface ApprovalRequestTable {
  id: string;
  workspace_id: string;
  command_id: string;
  command_hash: string;
  input_json: string;
  /** The command's approval output; null when the command has none (the generic shape is built on read). */
  preview_json: string | null;
  /** Digests of the preview, the records it read and the outside state it observed (migration 0009); null before it. */
  binding_json: string | null;
  status: ApprovalStatus;
  /** "pending" while pending, else the request id: one pending request per workspace and hash. */
  pending_slot: string;
  requested_by_kind: "api_key" | "local";
  requested_by_key_id: string | null;
  requested_scopes_json: string;
  requested_at: string;
  expires_at: string;
  decided_by_kind: "api_key" | "local" | null;
  decided_by_key_id: string | null;
  decided_at: string | null;
  decision_note: string | null;
  executed_at: string | null;
  /** {ok, status, data, error, warnings} of the run the approval caused. */
  result_json: string | null;
}

export interface IdempotencyKeyTable {
  id: string;
  workspace_id: string;
  /** The API key id, or "local". */
  principal: string;
  idempotency_key: string;
  command_id: string;
  command_hash: string;
  /** {status, data, warnings} of the first successful run. */
  result_json: string;
  created_at: string;
}

export type DraftStatus = "PENDING_REVIEW" | "READY_TO_SEND" | "DISPATCHED" | "CANCELLED";

export interface DraftTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  mission_id: string;
  channel: "LINKEDIN";
  type: "INVITATION" | "MESSAGE";
  status: DraftStatus;
  /** JSON array of body texts, in the order written. */
  variations_json: string;
  selected_variation_index: number | null;
  selected_body_text: string | null;
  approved_at: string | null;
  cancelled_at: string | null;
  dispatched_at: string | null;
  dispatched_queue_item_id: string | null;
  dispatched_message_id: string | null;
  dispatched_external_message_id: string | null;
  created_at: string;
  updated_at: string;
}

export type OutboxStatus = "recorded" | "queued" | "delivered" | "failed";

export interface OutboxTable {
  id: string;
  workspace_id: string;
  draft_id: string;
  message_id: string;
  lead_id: string;
  mission_id: string;
  channel: "LINKEDIN";
  type: "INVITATION" | "MESSAGE";
  body_text: string;
  /** {name, linkedin_url, company, job_title} at dispatch time. */
  recipient_json: string;
  dispatcher: "outbox" | "webhook";
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  external_message_id: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}
