// Every command's handler, by id. `satisfies` makes a spec'd command without a handler a compile error.
// Handlers that reach outside the workspace (sending a draft) take the dispatcher the host chose.
import type { Gatherers, Handlers, Previews } from "@salestouch/runtime";
import type { Repositories } from "@salestouch/store";
import { importCsv } from "./imports/csv.js";
import { getImport } from "./imports/get.js";
import { importLeads } from "./imports/leads.js";
import { listImportLeads } from "./imports/leads-list.js";
import { listImports } from "./imports/list.js";
import { previewImportCsv, previewImportLeads } from "./imports/preview.js";
import { ImportProgressBoard } from "./imports/progress.js";
import { importProgress } from "./imports/progress-get.js";
import { gatherSearch, importSearch, previewSearch } from "./imports/search.js";
import { noUploads, type UploadSource } from "./imports/uploads.js";
import { noLeadSource, type LeadSource } from "./sources/lead-source.js";
import { getLead } from "./leads/get.js";
import { searchLeads } from "./leads/search.js";
import { updateLeadStatus } from "./leads/update-status.js";
import { rescoreLeadsCommand } from "./leads/rescore.js";
import { upsertLead } from "./leads/upsert.js";
import { approveDraft, previewApproveDraft } from "./linkedin/approve.js";
import { cancelDraft } from "./linkedin/cancel.js";
import { createDraft } from "./linkedin/create.js";
import { getDraft } from "./linkedin/get.js";
import { listDrafts } from "./linkedin/list.js";
import { updateDraft } from "./linkedin/update.js";
import { outboxDispatcher, type Dispatcher } from "./dispatch/dispatcher.js";
import { archiveMission } from "./missions/archive.js";
import { createMission } from "./missions/create.js";
import { getMission } from "./missions/get.js";
import { listMissions } from "./missions/list.js";
import { updateMission } from "./missions/update.js";
import { createOffer } from "./offers/create.js";
import { getOffer } from "./offers/get.js";
import { listOffers } from "./offers/list.js";
import { updateOffer } from "./offers/update.js";
import { createScoringFeedback } from "./scoring/feedback-create.js";
import { getScoringProfile } from "./scoring/profile-get.js";
import { updateScoringProfile } from "./scoring/profile-update.js";
import { getScoringStatus } from "./scoring/status-get.js";

export interface HandlerOptions {
  /** Where linkedin.draft.approve with send_now sends messages (default: the outbox). */
  dispatcher?: Dispatcher;
  /** Where import.csv finds an upload_id's file (default: none known). */
  uploads?: UploadSource;
  /** Where running imports report their counts for import.progress (default: a board of this handler set). */
  progress?: ImportProgressBoard;
  /** Where the search imports get their people (default: none configured, source_not_configured). */
  leadSource?: LeadSource;
}

export function createHandlers(options: HandlerOptions = {}) {
  const dispatcher = options.dispatcher ?? outboxDispatcher;
  const progress = options.progress ?? new ImportProgressBoard();
  const leadSource = options.leadSource ?? noLeadSource;
  return {
    "import.csv": importCsv(options.uploads ?? noUploads, progress),
    "import.get": getImport,
    "import.leads": importLeads(progress),
    "import.leads.list": listImportLeads,
    "import.linkedin.search": importSearch("import.linkedin.search", leadSource, progress),
    "import.list": listImports,
    "import.progress": importProgress(progress),
    "import.sales_nav.filters": importSearch("import.sales_nav.filters", leadSource, progress),
    "lead.get": getLead,
    "lead.rescore": rescoreLeadsCommand,
    "lead.search": searchLeads,
    "lead.update_status": updateLeadStatus,
    "lead.upsert": upsertLead,
    "linkedin.draft.approve": approveDraft(dispatcher),
    "linkedin.draft.cancel": cancelDraft,
    "linkedin.draft.create": createDraft,
    "linkedin.draft.get": getDraft,
    "linkedin.draft.list": listDrafts,
    "linkedin.draft.update": updateDraft,
    "mission.archive": archiveMission,
    "mission.create": createMission,
    "mission.get": getMission,
    "mission.list": listMissions,
    "mission.update": updateMission,
    "offer.create": createOffer,
    "offer.get": getOffer,
    "offer.list": listOffers,
    "offer.update": updateOffer,
    "scoring.feedback.create": createScoringFeedback,
    "scoring.profile.get": getScoringProfile,
    "scoring.profile.update": updateScoringProfile,
    "scoring.status.get": getScoringStatus,
  } satisfies Handlers<Repositories>;
}

/** What approving a held call would do, for every command with an approval_output_schema (a test checks they all have one). */
export function createPreviews(options: HandlerOptions = {}): Previews<Repositories> {
  const dispatcher = options.dispatcher ?? outboxDispatcher;
  return {
    "import.csv": previewImportCsv(options.uploads ?? noUploads),
    "import.leads": previewImportLeads,
    "import.linkedin.search": previewSearch("import.linkedin.search", options.leadSource ?? noLeadSource),
    "import.sales_nav.filters": previewSearch("import.sales_nav.filters", options.leadSource ?? noLeadSource),
    "linkedin.draft.approve": previewApproveDraft(dispatcher),
  };
}

/** What the search imports fetch from their lead source before their transaction opens. */
export function createGatherers(options: HandlerOptions = {}): Gatherers<Repositories> {
  const source = options.leadSource ?? noLeadSource;
  return {
    "import.linkedin.search": gatherSearch("import.linkedin.search", source),
    "import.sales_nav.filters": gatherSearch("import.sales_nav.filters", source),
  };
}

/** The handlers with the default (outbox) dispatcher. */
export const handlers = createHandlers();
