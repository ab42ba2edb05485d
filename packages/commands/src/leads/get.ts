// lead.get — spec/commands/lead.get.json
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { explainStored } from "../scoring/explanation.js";
import { leadRecord, loadLead, type LeadStatus } from "./view.js";

const HISTORY_LIMIT = 50;

export async function getLead(input: In<"lead.get">, ctx: Ctx): Promise<Out<"lead.get">> {
  const ws = ctx.principal.workspaceId;
  const lead = await loadLead(ctx, input.lead_id);
  if (input.mission_id !== undefined) await loadMission(ctx, input.mission_id);
  const [missions, imports, history] = await Promise.all([
    ctx.repos.missionLeads.ofLead(ws, lead.id),
    ctx.repos.imports.ofLead(ws, lead.id),
    ctx.repos.missionLeads.history(ws, lead.id, HISTORY_LIMIT),
  ]);
  let status = missions[0]?.status;
  let score = lead.score;
  if (input.mission_id !== undefined) {
    const link = missions.find((m) => m.mission_id === input.mission_id);
    if (link) status = link.status;
    if (link && link.score !== null) score = link.score;
    else ctx.warn(`lead ${lead.id} is not in mission ${input.mission_id}; status is its status where it last changed`);
  }
  const explanations = await explainStored(ctx.repos, ws, lead.id);
  return {
    lead_id: lead.id,
    lead: leadRecord({ ...lead, score }, status),
    prospect_context: {
      missions: missions.map((m) => ({
        id: m.mission_id,
        name: m.mission_name,
        status: m.mission_status,
        lead_status: m.status as LeadStatus,
        added_at: m.created_at,
        status_changed_at: m.updated_at,
        import_id: m.import_id,
        score: m.score,
        score_version: m.score_version,
        score_explanation: explanations.get(m.mission_id) ?? [],
      })),
      imports: imports.map((i) => ({
        import_id: i.id,
        name: i.name,
        type: i.type,
        mission_id: i.mission_id,
        created_at: i.created_at,
        outcome: i.outcome,
      })),
      status_history: history.map((h) => ({
        mission_id: h.mission_id,
        from_status: h.from_status as LeadStatus,
        to_status: h.to_status as LeadStatus,
        note: h.note,
        changed_at: h.changed_at,
      })),
    },
  };
}
