// Kysely table types. Timestamps are ISO-8601 UTC text and booleans 0/1 integers on every
// dialect, so repositories read the same values from SQLite and PostgreSQL.
import type { Generated } from "kysely";

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
  created_at: string;
  updated_at: string;
}

/** A lead's membership of a mission; its status drives the mission's stats. */
export interface MissionLeadTable {
  mission_id: string;
  lead_id: string;
  workspace_id: string;
  import_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface MigrationLockRow {
  id: Generated<number>;
}

export interface Database {
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  offers: OfferTable;
  missions: MissionTable;
  imports: ImportTable;
  leads: LeadTable;
  mission_leads: MissionLeadTable;
}
