// lead.update_status — spec/commands/lead.update_status.json
import { CONTACTED_STATUSES, type LeadMissionRow, type LeadPatch, type LeadRow } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { loadMission } from "../missions/view.js";
import { activeProfile, rescoreLeads } from "../scoring/score-links.js";
import { displayStatus, loadLead, type LeadStatus } from "./view.js";

type Change = Out<"lead.update_status">["changes"][number];

async function linksToChange(ctx: Ctx, lead: LeadRow, input: In<"lead.update_status">): Promise<LeadMissionRow[]> {
  const links = await ctx.repos.missionLeads.ofLead(ctx.principal.workspaceId, lead.id);
  if (links.length === 0) {
    throw new CommandError("conflict", `lead ${lead.id} is in no mission, and a status belongs to a mission`, {
      hint: `Add the lead to a mission with {{run lead.upsert}} {"lead_id": "${lead.id}", "mission_id": "<mis_...>"} or an import, then set its status.`,
    });
  }
  if (input.mission_id !== undefined && !links.some((l) => l.mission_id === input.mission_id)) {
    await loadMission(ctx, input.mission_id);
    throw new CommandError("not_found", `lead ${lead.id} is not in mission ${input.mission_id}`, {
      hint: `Add it with {{run lead.upsert}} {"lead_id": "${lead.id}", "mission_id": "${input.mission_id}"}, or leave mission_id out to set the status in every mission of the lead.`,
    });
  }
  const marked = lead.do_not_contact === 1;
  if (marked && input.status !== "DoNotContact" && !input.clear_do_not_contact) {
    throw new CommandError("conflict", `lead ${lead.id} is marked DoNotContact: the person asked not to be contacted`, {
      hint: "If that is no longer true, send clear_do_not_contact: true with the new status; it applies to every mission of the lead.",
    });
  }
  // DoNotContact is about the person: setting or clearing it touches every mission of the lead.
  if (input.status === "DoNotContact" || marked) {
    return links.filter(
      (l) => input.status === "DoNotContact" || l.status === "DoNotContact" || input.mission_id === undefined || l.mission_id === input.mission_id,
    );
  }
  return input.mission_id === undefined ? links : links.filter((l) => l.mission_id === input.mission_id);
}

export async function updateLeadStatus(input: In<"lead.update_status">, ctx: Ctx): Promise<Out<"lead.update_status">> {
  const ws = ctx.principal.workspaceId;
  const lead = await loadLead(ctx, input.lead_id);
  const links = await linksToChange(ctx, lead, input);
  const changes: Change[] = [];
  for (const link of links) {
    if (link.status === input.status) continue;
    // The status the link really had when it changed (another writer may have moved it since it was read).
    const from = await ctx.repos.missionLeads.setStatus(ws, link.mission_id, lead.id, input.status, ctx.now);
    if (from === undefined) continue;
    await ctx.repos.missionLeads.addHistory({
      id: ctx.ids.next("lsc"),
      workspace_id: ws,
      lead_id: lead.id,
      mission_id: link.mission_id,
      from_status: from,
      to_status: input.status,
      note: input.note?.trim() || null,
      changed_at: ctx.now,
    });
    changes.push({ mission_id: link.mission_id, from_status: from as LeadStatus, to_status: input.status });
  }
  const patch: LeadPatch = {};
  const mark = input.status === "DoNotContact" ? 1 : 0;
  if (mark !== lead.do_not_contact) patch.do_not_contact = mark;
  if (changes.length > 0 && (CONTACTED_STATUSES as readonly string[]).includes(input.status)) patch.last_interaction_at = ctx.now;
  if (Object.keys(patch).length > 0) await ctx.repos.leads.update(ws, lead.id, { ...patch, updated_at: ctx.now });
  // Activity is part of the score: the missions whose status changed are scored again.
  if (changes.length > 0) await rescoreLeads(ctx.repos, ws, await activeProfile(ctx.repos, ws), [lead.id]);
  if (changes.length === 0)
    ctx.warn(`lead ${lead.id} already has status ${input.status}${input.mission_id ? ` in mission ${input.mission_id}` : ""}; nothing changed`);
  const after = await ctx.repos.missionLeads.ofLead(ws, lead.id);
  const shown = input.mission_id === undefined ? after[0] : after.find((l) => l.mission_id === input.mission_id);
  return {
    lead_id: lead.id,
    status: displayStatus({ ...lead, do_not_contact: mark }, shown?.status),
    do_not_contact: mark === 1,
    changes,
    missions: after.map((l) => ({ id: l.mission_id, name: l.mission_name, lead_status: l.status as LeadStatus })),
  };
}
