// linkedin.draft.create — spec/commands/linkedin.draft.create.json
import { CommandError, notFound } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { activeMission } from "../imports/run.js";
import { fillPlaceholders } from "./placeholders.js";
import { checkInvitationLength, draftView } from "./view.js";

export async function createDraft(input: In<"linkedin.draft.create">, ctx: Ctx): Promise<Out<"linkedin.draft.create">> {
  const ws = ctx.principal.workspaceId;
  const type = input.type ?? "INVITATION";
  const lead = await ctx.repos.leads.get(ws, input.lead_id);
  if (!lead) throw notFound("lead", input.lead_id, "lead.search");
  const texts = fillPlaceholders(
    input.variations.map((v) => v.body_text.trim()),
    lead,
    (i) => `/variations/${i}/body_text`,
  );
  checkInvitationLength(type, texts);
  const mission = await activeMission(ctx, input.mission_id);
  const link = await ctx.repos.missionLeads.get(ws, mission.id, lead.id);
  if (!link) {
    throw new CommandError("not_found", `lead ${lead.id} is not in mission ${mission.id}`, {
      hint: `Add it first with {{run lead.upsert}} {"lead_id": "${lead.id}", "mission_id": "${mission.id}"}, or draft for a lead of this mission ({{run lead.search}}).`,
    });
  }
  if (lead.do_not_contact === 1 || link.status === "DoNotContact") {
    throw new CommandError("conflict", `lead ${lead.id} is marked DoNotContact: the person asked not to be contacted`, {
      hint: "Do not draft outreach for this lead; pick another lead of the mission.",
    });
  }
  const row = {
    id: ctx.ids.next("drf"),
    workspace_id: ws,
    lead_id: lead.id,
    mission_id: mission.id,
    channel: "LINKEDIN" as const,
    type,
    status: "PENDING_REVIEW" as const,
    variations_json: JSON.stringify(texts),
    selected_variation_index: null,
    selected_body_text: null,
    approved_at: null,
    cancelled_at: null,
    dispatched_at: null,
    dispatched_queue_item_id: null,
    dispatched_message_id: null,
    dispatched_external_message_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.repos.drafts.insert(row);
  return { draft: draftView(row, lead) };
}
