// Every command's handler, by id. `satisfies` makes a spec'd command without a handler a compile error.
import type { Handlers } from "@salestouch/runtime";
import type { Repositories } from "@salestouch/store";
import { importCsv } from "./imports/csv.js";
import { getImport } from "./imports/get.js";
import { importLeads } from "./imports/leads.js";
import { listImportLeads } from "./imports/leads-list.js";
import { listImports } from "./imports/list.js";
import { getLead } from "./leads/get.js";
import { searchLeads } from "./leads/search.js";
import { updateLeadStatus } from "./leads/update-status.js";
import { upsertLead } from "./leads/upsert.js";
import { archiveMission } from "./missions/archive.js";
import { createMission } from "./missions/create.js";
import { getMission } from "./missions/get.js";
import { listMissions } from "./missions/list.js";
import { updateMission } from "./missions/update.js";
import { createOffer } from "./offers/create.js";
import { getOffer } from "./offers/get.js";
import { listOffers } from "./offers/list.js";
import { updateOffer } from "./offers/update.js";

export const handlers = {
  "import.csv": importCsv,
  "import.get": getImport,
  "import.leads": importLeads,
  "import.leads.list": listImportLeads,
  "import.list": listImports,
  "lead.get": getLead,
  "lead.search": searchLeads,
  "lead.update_status": updateLeadStatus,
  "lead.upsert": upsertLead,
  "mission.archive": archiveMission,
  "mission.create": createMission,
  "mission.get": getMission,
  "mission.list": listMissions,
  "mission.update": updateMission,
  "offer.create": createOffer,
  "offer.get": getOffer,
  "offer.list": listOffers,
  "offer.update": updateOffer,
} satisfies Handlers<Repositories>;
