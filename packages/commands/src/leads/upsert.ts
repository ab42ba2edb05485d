// lead.upsert — spec/commands/lead.upsert.json
import type { LeadPatch, LeadRow, MissionRow } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { activeMission } from "../imports/run.js";
import { draftLead, givenValues, hasIdentifier, NO_IDENTIFIER, withDerivedNames, type LeadInput, type LeadValues } from "./draft.js";
import { activeProfile, rescoreLeads } from "../scoring/score-links.js";
import { newLeadRow } from "./row.js";
import { leadRecord, loadLead, type LeadStatus } from "./view.js";

type MatchedBy = NonNullable<Out<"lead.upsert">["matched_by"]>;

/** Identity columns in match order, with the input field each comes from. */
const MATCH_ORDER = [
  ["email_key", "email"],
  ["linkedin_key", "linkedin_url"],
  ["sales_nav_id", "sales_nav_id"],
  ["custom_id", "custom_id"],
] as const;

function drafted(input: In<"lead.upsert">): LeadValues {
  const { lead_id: _id, mission_id: _mission, experience: _experience, education: _education, ...fields } = input;
  const result = draftLead(fields as LeadInput);
  if (!result.ok) {
    const { field, reason } = result.problem;
    throw new CommandError("invalid_input", `${field ?? "lead"} ${reason}`, { details: [{ path: `/${field ?? ""}`, message: reason }] });
  }
  return result.values;
}

/** The lead to update (by lead_id, else the first identifier that matches), refusing identifiers owned by another lead. */
async function findLead(ctx: Ctx, leadId: string | undefined, values: LeadValues): Promise<{ lead?: LeadRow; matchedBy: MatchedBy | null }> {
  const ws = ctx.principal.workspaceId;
  const key = (column: (typeof MATCH_ORDER)[number][0]) => (typeof values[column] === "string" ? [values[column] as string] : []);
  const candidates = await ctx.repos.leads.findByKeys(ws, {
    emailKeys: key("email_key"),
    linkedinKeys: key("linkedin_key"),
    salesNavIds: key("sales_nav_id"),
    customIds: key("custom_id"),
  });
  let lead = leadId === undefined ? undefined : await loadLead(ctx, leadId);
  let matchedBy: MatchedBy | null = lead ? "lead_id" : null;
  for (const [column, field] of MATCH_ORDER) {
    const value = values[column];
    const owner = typeof value === "string" ? candidates.find((c) => c[column] === value) : undefined;
    if (!owner) continue;
    if (!lead) {
      lead = owner;
      matchedBy = field;
    } else if (owner.id !== lead.id) {
      throw new CommandError(
        "conflict",
        `${field} belongs to lead ${owner.id}, not to lead ${lead.id}${matchedBy === "lead_id" ? "" : ` (matched by ${matchedBy})`}`,
        {
          hint: "Send the identifiers of one person. If both leads are the same person, clear the identifier on one of them with {{run lead.upsert}} {lead_id, <field>: null} first.",
          details: [{ path: `/${field}`, message: `already identifies lead ${owner.id}` }],
        },
      );
    }
  }
  return { lead, matchedBy };
}

/** What lead.upsert overwrites: every field given (null clears it), names kept consistent. */
function overwritePatch(current: LeadRow, values: LeadValues, input: In<"lead.upsert">): LeadPatch {
  const patch: LeadPatch = givenValues(values);
  const nameGiven = input.name !== undefined;
  const partsGiven = input.first_name !== undefined || input.last_name !== undefined;
  if (nameGiven && !partsGiven) {
    const derived = withDerivedNames({ full_name: values.full_name ?? null });
    Object.assign(patch, { first_name: derived.first_name ?? null, last_name: derived.last_name ?? null });
  } else if (partsGiven && !nameGiven) {
    const first = patch.first_name !== undefined ? patch.first_name : current.first_name;
    const last = patch.last_name !== undefined ? patch.last_name : current.last_name;
    patch.full_name = [first, last].filter(Boolean).join(" ") || null;
  }
  if (input.experience !== undefined) patch.experience_json = JSON.stringify(input.experience);
  if (input.education !== undefined) patch.education_json = JSON.stringify(input.education);
  return patch;
}

async function joinMission(ctx: Ctx, mission: MissionRow, lead: LeadRow): Promise<LeadStatus> {
  await ctx.repos.missionLeads.linkMany([
    {
      mission_id: mission.id,
      lead_id: lead.id,
      workspace_id: ctx.principal.workspaceId,
      import_id: null,
      status: lead.do_not_contact === 1 ? "DoNotContact" : "New",
      created_at: ctx.now,
      updated_at: ctx.now,
    },
  ]);
  const link = await ctx.repos.missionLeads.get(ctx.principal.workspaceId, mission.id, lead.id);
  return link!.status as LeadStatus;
}

export async function upsertLead(input: In<"lead.upsert">, ctx: Ctx): Promise<Out<"lead.upsert">> {
  const ws = ctx.principal.workspaceId;
  const values = drafted(input);
  const mission = input.mission_id === undefined ? undefined : await activeMission(ctx, input.mission_id);
  const { lead: existing, matchedBy } = await findLead(ctx, input.lead_id, values);
  let id: string;
  if (!existing) {
    if (!hasIdentifier(values)) {
      throw new CommandError("invalid_input", `a new lead ${NO_IDENTIFIER}`, { details: [{ path: "", message: NO_IDENTIFIER }] });
    }
    id = ctx.ids.next("lead");
    await ctx.repos.leads.insertMany([
      newLeadRow(withDerivedNames(values), {
        id,
        workspaceId: ws,
        now: ctx.now,
        experienceJson: JSON.stringify(input.experience ?? []),
        educationJson: JSON.stringify(input.education ?? []),
      }),
    ]);
  } else {
    id = existing.id;
    const patch = overwritePatch(existing, values, input);
    if (!hasIdentifier({ ...existing, ...patch })) {
      throw new CommandError("invalid_input", `this update would leave lead ${id} without an identifier`, {
        details: [{ path: "", message: "keep at least one of email, linkedin_url, sales_nav_id or custom_id" }],
      });
    }
    if (Object.keys(patch).length > 0) await ctx.repos.leads.update(ws, id, { ...patch, updated_at: ctx.now });
    else if (!mission) ctx.warn(`nothing to change on lead ${id}: no field was given`);
  }
  const joined = await ctx.repos.leads.get(ws, id);
  const leadStatus = mission ? await joinMission(ctx, mission, joined!) : undefined;
  // Scored in this transaction, in every mission of the lead: its fields or missions may have changed.
  const profile = await activeProfile(ctx.repos, ws);
  if (profile) {
    if (input.score !== undefined)
      ctx.warn("score is computed from the workspace's scoring profile; the score given is kept only while the lead is in no mission");
    await rescoreLeads(ctx.repos, ws, profile, [id]);
  }
  const lead = (await ctx.repos.leads.get(ws, id))!;
  const scoreShown = mission && profile ? ((await ctx.repos.missionLeads.get(ws, mission.id, id))?.score ?? lead.score) : lead.score;
  const status = leadStatus ?? (await ctx.repos.missionLeads.latestStatus([id])).get(id);
  return {
    lead_id: id,
    lead: leadRecord({ ...lead, score: scoreShown }, status),
    created: !existing,
    matched_by: existing ? matchedBy : null,
    mission: mission && leadStatus ? { id: mission.id, name: mission.name, lead_status: leadStatus } : null,
  };
}
