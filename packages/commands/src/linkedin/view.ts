// Draft rows → the published draft shape, with the recipient read from the lead.
import type { DraftRow, LeadRow } from "@salestouch/store";
import { CommandError, notFound } from "@salestouch/runtime";
import type { Ctx, Out } from "../context.js";

export type DraftView = Out<"linkedin.draft.get">["draft"];
export type Recipient = DraftView["recipient"];

/** LinkedIn's limit on a connection request note. */
const INVITATION_LIMIT = 300;

export function recipientOf(lead: LeadRow | undefined): Recipient {
  const name = lead?.full_name ?? ([lead?.first_name, lead?.last_name].filter(Boolean).join(" ") || null);
  return { name, linkedin_url: lead?.linkedin_url ?? null, company: lead?.company ?? null, job_title: lead?.job_title ?? null };
}

export function variationsOf(row: DraftRow): string[] {
  return JSON.parse(row.variations_json) as string[];
}

export function draftView(row: DraftRow, lead: LeadRow | undefined): DraftView {
  return {
    draft_id: row.id,
    status: row.status,
    channel: row.channel,
    type: row.type,
    lead_id: row.lead_id,
    mission_id: row.mission_id,
    recipient: recipientOf(lead),
    variations: variationsOf(row).map((body_text, index) => ({ index, body_text })),
    selected_variation_index: row.selected_variation_index,
    selected_body_text: row.selected_body_text,
    dispatched_queue_item_id: row.dispatched_queue_item_id,
    dispatched_message_id: row.dispatched_message_id,
    dispatched_external_message_id: row.dispatched_external_message_id,
    approved_at: row.approved_at,
    cancelled_at: row.cancelled_at,
    dispatched_at: row.dispatched_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function loadDraft(ctx: Ctx, draftId: string): Promise<DraftRow> {
  const row = await ctx.repos.drafts.get(ctx.principal.workspaceId, draftId);
  if (!row) throw notFound("draft", draftId, "linkedin.draft.list");
  return row;
}

export async function viewOfDraft(ctx: Ctx, draftId: string): Promise<DraftView> {
  const row = await loadDraft(ctx, draftId);
  return draftView(row, await ctx.repos.leads.get(ctx.principal.workspaceId, row.lead_id));
}

/** An INVITATION note longer than LinkedIn accepts, as invalid_input naming each variation. */
export function checkInvitationLength(type: DraftRow["type"], texts: readonly string[]): void {
  if (type !== "INVITATION") return;
  const details = texts.flatMap((text, index) =>
    text.length > INVITATION_LIMIT
      ? [{ path: `/variations/${index}/body_text`, message: `is ${text.length} characters; an INVITATION note is at most ${INVITATION_LIMIT}` }]
      : [],
  );
  if (details.length === 0) return;
  throw new CommandError("invalid_input", `an INVITATION note is at most ${INVITATION_LIMIT} characters (LinkedIn's limit)`, {
    details,
    hint: "Shorten the note, or make the draft a MESSAGE (type MESSAGE) if the lead is already a connection.",
  });
}

/** Why a draft in this status cannot change, as a conflict that says what to do instead. */
export function finished(row: DraftRow, action: string): CommandError {
  const when = row.status === "DISPATCHED" ? `was dispatched at ${row.dispatched_at}` : `was cancelled at ${row.cancelled_at}`;
  const next =
    row.status === "DISPATCHED"
      ? "A sent message cannot be recalled; create a new draft for a follow-up."
      : "Create a new draft with {{run linkedin.draft.create}}.";
  return new CommandError("conflict", `draft ${row.id} ${when}; it cannot ${action}`, { hint: next });
}
