// Versioned migrations, applied in name order at start-up. Append; never edit a shipped one. A number
// taken ahead of time may land after higher ones: a database that ran those applies it when it arrives.
import type { Migration, MigrationProvider } from "kysely";
import type { DialectName } from "../dialects/types.js";
import { initial } from "./0001-initial.js";
import { importsAndLeads } from "./0002-imports-and-leads.js";
import { approvalsAndDrafts } from "./0003-approvals-and-drafts.js";
import { uniqueWorkspaceNames } from "./0004-unique-workspace-names.js";
import { leadWrites } from "./0005-lead-writes.js";
import { rateLimitWindows } from "./0006-rate-limit-windows.js";
import { contentlessSearchIndex } from "./0007-contentless-search-index.js";
import { createdLeadsByLink } from "./0008-created-leads-by-link.js";
import { approvalBindings } from "./0009-approval-bindings.js";
import { scoring } from "./0010-scoring.js";
import { consoleSessions } from "./0011-console-sessions.js";
import { missionStats } from "./0013-mission-stats.js";
import { scoresWithoutBreakdown } from "./0014-scores-without-breakdown.js";
import { searchIndexPrefixes } from "./0015-search-index-prefixes.js";
import { accessChanges } from "./0016-access-changes.js";
import { leadSourceSearches } from "./0017-lead-source-searches.js";
import { postgresScoreOrder } from "./0018-postgres-score-order.js";
import { rescorePasses } from "./0019-rescore-passes.js";
import { searchIndexPendingTerms } from "./0020-search-index-pending-terms.js";

/** A migration that needs dialect-specific SQL (full-text search) is a function of the dialect. */
type MigrationFor = Migration | ((dialect: DialectName) => Migration);

const migrations: Record<string, MigrationFor> = {
  "0001-initial": initial,
  "0002-imports-and-leads": importsAndLeads,
  "0003-approvals-and-drafts": approvalsAndDrafts,
  "0004-unique-workspace-names": uniqueWorkspaceNames,
  "0005-lead-writes": leadWrites,
  "0006-rate-limit-windows": rateLimitWindows,
  "0007-contentless-search-index": contentlessSearchIndex,
  "0008-created-leads-by-link": createdLeadsByLink,
  "0009-approval-bindings": approvalBindings,
  "0010-scoring": scoring,
  "0011-console-sessions": consoleSessions,
  "0013-mission-stats": missionStats,
  "0014-scores-without-breakdown": scoresWithoutBreakdown,
  "0015-search-index-prefixes": searchIndexPrefixes,
  "0016-access-changes": accessChanges,
  "0017-lead-source-searches": leadSourceSearches,
  "0018-postgres-score-order": postgresScoreOrder,
  "0019-rescore-passes": rescorePasses,
  "0020-search-index-pending-terms": searchIndexPendingTerms,
};

/** Every migration this build knows, by name: a database whose migration table lists them all is current. */
export const migrationNames: readonly string[] = Object.keys(migrations);

/** The migration that creates the schema: it runs only on a database that had none. */
export const FIRST_MIGRATION = "0001-initial";

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, typeof m === "function" ? m(dialect) : m]));
    },
  };
}
