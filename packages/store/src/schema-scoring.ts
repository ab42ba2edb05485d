// Kysely table types for lead scoring (migrations 0010 and 0019).
import type { Generated } from "kysely";

/** One version of a workspace's scoring profile; exactly one is active. */
export interface ScoringProfileTable {
  workspace_id: string;
  version: number;
  /** The same for every version of a workspace's profile. */
  profile_id: string;
  status: "draft" | "active" | "archived";
  /** The full definition (spec/schemas/scoring-profile-definition.json, every default filled in). */
  definition_json: string;
  created_at: string;
  activated_at: string | null;
}

export interface ScoringFeedbackTable {
  id: string;
  workspace_id: string;
  message: string;
  /** The whole scoring.feedback.create input, kept for a person. */
  input_json: string;
  status: "applied" | "failed";
  /** The version the feedback created, or the active one when it created none (0: no profile). */
  profile_version: number;
  /** For failed feedback: what would have made it applicable. */
  hint: string | null;
  created_at: string;
}

export type ScoringJobStatus = "queued" | "running" | "done" | "superseded";

/** A background rescoring job: its batches advance `cursor` in the transaction that writes their scores. */
export interface ScoringJobTable {
  id: string;
  workspace_id: string;
  profile_version: number;
  mission_id: string | null;
  import_id: string | null;
  force: number;
  status: ScoringJobStatus;
  cursor: string;
  /** 1: the first pass, leads in order after the cursor; 2: the sweep from the first lead for leads left under another version (migration 0019). */
  pass: Generated<number>;
  leads_done: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
