// Kysely table types. Timestamps are ISO-8601 UTC text and booleans 0/1 integers on every
// dialect, so repositories read the same values from SQLite and PostgreSQL.
import type { ApprovalRequestTable, DraftTable, IdempotencyKeyTable, OutboxTable, PermissionRuleTable } from "./schema-approvals.js";
import type { ScoringFeedbackTable, ScoringJobTable, ScoringProfileTable } from "./schema-scoring.js";

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The first characters of the key, safe to show (st_AbCd…). */
  display_prefix: string;
  /** sha256 of the full key, hex; the key itself is never stored. */
  key_hash: string;
  /** JSON array of scope names; ["*"] for every scope. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OfferTable {
  id: string;
  workspace_id: string;
  name: string;
  one_liner: string;
  value_proposition: string;
  description: string | null;
  landing_page_url: string | null;
  sales_brief_url: string | null;
  is_draft: number;
  last_used_at: string | null;
  /** JSON array of references, camelCase as published. */
  references_json: string;
  created_at: string;
  updated_at: string;
}

export interface MissionTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Lower-cased name, for case-insensitive search on every dialect. */
  name_search: string;
  status: "active" | "archived";
  description: string | null;
  target_audience: string | null;
  desired_action: string | null;
  cta_url: string | null;
  tone_instructions: string | null;
  example_messages_json: string;
  offer_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImportTable {
  id: string;
  workspace_id: string;
  mission_id: string;
  type: string;
  name: string;
  source_url: string | null;
  context: string | null;
  metadata_json: string;
  created_count: number;
  skipped_count: number;
  invalid_count: number;
  updated_count: number;
  /** sha256 of the import's source (rows or CSV text plus mapping); same source + mission = already_exists. */
  source_hash: string | null;
  /** Rows read, and leads that joined the mission with this import. */
  row_count: number;
  added_count: number;
  /** Distinct leads the import created, updated or matched. */
  lead_count: number;
  /** The first invalid rows [{row, field, reason}] and, for CSV, the field → header mapping used. */
  problems_json: string;
  columns_json: string | null;
  /** The first and last lead id the import created (ids rise with time); null when it created none or predates migration 0008. */
  created_leads_from: string | null;
  created_leads_to: string | null;
  /** The import's signals, 0-100 each (migration 0010); the provenance component of its leads' scores. */
  source_fit: number | null;
  intent_signal: number | null;
  freshness: number | null;
  created_at: string;
  updated_at: string;
}

export interface LeadTable {
  id: string;
  workspace_id: string;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  email: string | null;
  linkedin_url: string | null;
  company: string | null;
  job_title: string | null;
  headline: string | null;
  /** Identity keys, normalised (lower-cased email, LinkedIn /in/ slug); unique per workspace. */
  email_key: string | null;
  linkedin_key: string | null;
  sales_nav_id: string | null;
  custom_id: string | null;
  location: string | null;
  description: string | null;
  phone: string | null;
  timezone: string | null;
  avatar_url: string | null;
  company_website: string | null;
  company_logo_url: string | null;
  company_linkedin_url: string | null;
  company_headline: string | null;
  personal_website: string | null;
  company_industry: string | null;
  company_size: string | null;
  score: number | null;
  /** JSON arrays of positions and schools, camelCase as published. */
  experience_json: string;
  education_json: string;
  /** 1 when the person must not be contacted in any mission. */
  do_not_contact: number;
  last_interaction_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A lead's membership of a mission; its status drives the mission's stats. import_id: the import that linked it. */
export interface MissionLeadTable {
  mission_id: string;
  lead_id: string;
  workspace_id: string;
  import_id: string | null;
  status: string;
  /** The lead's score in this mission and the profile version that computed it (migrations 0010, 0014); null until scored. */
  score: number | null;
  score_version: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * The existing leads an import matched: updated, or skipped unchanged. The leads it created are
 * its mission's links with its import_id in its created_leads range (migration 0008); `created`
 * rows remain only from imports made before.
 */
export interface ImportLeadTable {
  import_id: string;
  lead_id: string;
  workspace_id: string;
  outcome: "created" | "updated" | "skipped";
}

/** One status change of a lead in a mission. */
export interface LeadStatusHistoryTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  mission_id: string;
  from_status: string;
  to_status: string;
  note: string | null;
  changed_at: string;
}

interface RateLimitWindowTable {
  subject: string;
  /** Epoch milliseconds at which the window opened. */
  window_start: number;
  hits: number;
}

/** A console session (kind `session`) or a one-time sign-in link (kind `link`). */
export interface ConsoleSessionTable {
  /** sha256 of the token the browser holds, hex. */
  id: string;
  kind: "session" | "link";
  workspace_id: string;
  key_id: string;
  /** Sent back in X-CSRF-Token on every state-changing request of the session. */
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Signed out, or the link used; null while it lasts. */
  ended_at: string | null;
}

/** A mission's lead counts, changed with the links they count (docs/performance.md). */
interface MissionStatsTable {
  mission_id: string;
  workspace_id: string;
  leads: number;
  contacted: number;
  replied: number;
}

/** A search a webhook lead source accepted (202): waiting for its pages, or done (migration 0017). */
interface LeadSourceSearchTable {
  id: string;
  workspace_id: string;
  status: "waiting" | "done";
  created_at: string;
  expires_at: string;
}

/** One page a lead source posted to the callback route; `digest` is sha256 of its body. */
interface LeadSourcePageTable {
  search_id: string;
  digest: string;
  seq: number;
  people_json: string;
  /** 1 while the source announces more pages. */
  more: number;
  error: string | null;
  received_at: string;
}

export interface Database {
  rate_limit_windows: RateLimitWindowTable;
  console_sessions: ConsoleSessionTable;
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  offers: OfferTable;
  missions: MissionTable;
  imports: ImportTable;
  leads: LeadTable;
  mission_leads: MissionLeadTable;
  mission_stats: MissionStatsTable;
  import_leads: ImportLeadTable;
  lead_status_history: LeadStatusHistoryTable;
  permission_rules: PermissionRuleTable;
  approval_requests: ApprovalRequestTable;
  idempotency_keys: IdempotencyKeyTable;
  drafts: DraftTable;
  outbox: OutboxTable;
  scoring_profiles: ScoringProfileTable;
  scoring_feedback: ScoringFeedbackTable;
  scoring_jobs: ScoringJobTable;
  lead_source_searches: LeadSourceSearchTable;
  lead_source_pages: LeadSourcePageTable;
}
