// @salestouch/store: the database behind every surface — schema, migrations, repositories.
export type { ConnectionStats } from "./dialects/types.js";
export { openStore, type DialectName, type OpenStoreOptions, type Repositories, type Store, type TransactionMode } from "./store.js";
export { redactUrl } from "./dialects/open.js";
export { sqlitePath } from "./dialects/sqlite.js";
export { isDatabaseUnavailable } from "./dialects/unavailable.js";
export { EXPORT_FORMAT, type ExportHeader, type TransferSummary } from "./transfer.js";
export {
  CONTACTED_STATUSES,
  REPLIED_STATUSES,
  type ImportRow,
  type MissionDetails,
  type MissionImportSummary,
  type MissionListFilter,
  type MissionOfferSummary,
  type MissionPatch,
  type MissionRow,
  type MissionStatsRow,
  type NewMission,
} from "./repositories/missions.js";
export type { OfferListFilter, OfferPatch, OfferRow } from "./repositories/offers.js";
export type { ApiKeyRow, KeyLookup, WorkspaceRow } from "./repositories/workspaces.js";
export type { ConsoleSessionRow, ConsoleSessionWithKey } from "./repositories/console-sessions.js";
export type {
  ImportLeadFilter,
  ImportLeadRow,
  ImportLeadsRef,
  ImportListFilter,
  ImportOutcome,
  ImportRecord,
  ImportResultPatch,
  LeadImportRow,
} from "./repositories/imports.js";
export { searchWords, type LeadSearchFilter, type LeadSort } from "./repositories/lead-search.js";
export type { LeadKeys, LeadPatch, LeadRow, NewLead } from "./repositories/leads.js";
export type { LeadMissionRow, MissionLeadRow, StatusChangeRow } from "./repositories/mission-leads.js";
export type { ApprovalDecision, ApprovalListFilter, ApprovalRow } from "./repositories/approvals.js";
export { API_KEYS_SUBJECT, WORKSPACE_SUBJECT, type PermissionRuleRow } from "./repositories/permission-rules.js";
export type { IdempotencyRow } from "./repositories/idempotency.js";
export type { DraftListFilter, DraftPatch, DraftRow } from "./repositories/drafts.js";
export type { OutboxFilter, OutboxPatch, OutboxRow } from "./repositories/outbox.js";
export type { ApprovalStatus, DraftStatus, OutboxStatus, PermissionValue } from "./schema-approvals.js";
export type { Page } from "./repositories/page.js";
export type { RateCounter, RateVerdict } from "./repositories/rate-limit-windows.js";
export { decodeCursor } from "./repositories/page.js";
export type { ScoreCounts, ScoreScope, ScoreWrite, ScoringSubjectRow } from "./repositories/scores.js";
export type { ScoringJobRow } from "./repositories/scoring-jobs.js";
export type { ScoringFeedbackRow, ScoringProfileRow } from "./repositories/scoring-profiles.js";
export type { ScoringJobStatus } from "./schema-scoring.js";
export type { LeadSourcePage, PageOutcome } from "./repositories/lead-source-searches.js";
