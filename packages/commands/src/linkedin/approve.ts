// linkedin.draft.approve — spec/commands/linkedin.draft.approve.json (and its approval preview)
import type { CommandTypes } from "@salestouch/contracts";
import type { DraftRow, LeadRow } from "@salestouch/store";
import { CommandError } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import type { Dispatcher } from "../dispatch/dispatcher.js";
import { placeholderIn } from "./placeholders.js";
import { deliverAfterCommit, dispatchDraft } from "./send.js";
import { finished, loadDraft, recipientOf, variationsOf, viewOfDraft } from "./view.js";

type ApprovalOutput = CommandTypes["linkedin.draft.approve"]["approval_output"];

interface Plan {
  draft: DraftRow;
  lead: LeadRow | undefined;
  index: number;
  text: string;
  sendNow: boolean;
}

function chooseVariation(draft: DraftRow, requested: number | undefined): number {
  const count = variationsOf(draft).length;
  const index = requested ?? draft.selected_variation_index ?? (count === 1 ? 0 : undefined);
  if (index !== undefined && index < count) return index;
  const message =
    index === undefined ? `draft ${draft.id} has ${count} variations and none is selected` : `draft ${draft.id} has no variation ${index}`;
  throw new CommandError("invalid_input", message, {
    details: [{ path: "/variation_index", message: `choose a variation from 0 to ${count - 1} (linkedin.draft.get shows them)` }],
  });
}

/** Checks everything approving would need, without writing: the handler and the preview share it. */
async function plan(input: In<"linkedin.draft.approve">, ctx: Ctx): Promise<Plan> {
  const draft = await loadDraft(ctx, input.draft_id);
  if (draft.status === "DISPATCHED" || draft.status === "CANCELLED") throw finished(draft, "be approved again");
  const index = chooseVariation(draft, input.variation_index);
  const lead = await ctx.repos.leads.get(ctx.principal.workspaceId, draft.lead_id);
  const sendNow = input.send_now === true;
  if (sendNow && lead?.do_not_contact === 1) {
    throw new CommandError("conflict", `lead ${draft.lead_id} is marked DoNotContact: the person asked not to be contacted`, {
      hint: "Cancel the draft ({{run linkedin.draft.cancel}}); nothing may be sent to this lead.",
    });
  }
  const text = variationsOf(draft)[index]!;
  const left = placeholderIn(text);
  if (left !== null) {
    throw new CommandError("conflict", `variation ${index} of draft ${draft.id} still holds the placeholder ${left}; it would be sent literally`, {
      hint: "Write the final text with {{run linkedin.draft.update}} (placeholders are filled from the lead there), then approve it.",
    });
  }
  return { draft, lead, index, text, sendNow };
}

export function approveDraft(dispatcher: Dispatcher) {
  return async function approve(input: In<"linkedin.draft.approve">, ctx: Ctx): Promise<Out<"linkedin.draft.approve">> {
    const { draft, lead, index, text, sendNow } = await plan(input, ctx);
    const ws = ctx.principal.workspaceId;
    // Sending an already approved selection keeps the time it was approved.
    const approvedAt = draft.status === "READY_TO_SEND" && draft.selected_variation_index === index ? draft.approved_at : ctx.now;
    const approved = await ctx.repos.drafts.transition(ws, draft.id, ["PENDING_REVIEW", "READY_TO_SEND"], {
      status: "READY_TO_SEND",
      selected_variation_index: index,
      selected_body_text: text,
      approved_at: approvedAt,
      updated_at: ctx.now,
    });
    if (!approved) throw finished(await loadDraft(ctx, draft.id), "be approved again");
    if (!sendNow) return { draft: await viewOfDraft(ctx, draft.id), mode: "approve_only", dispatch_result: null };
    const { item, result } = await dispatchDraft(ctx, { ...draft, selected_variation_index: index, selected_body_text: text }, lead, dispatcher);
    const output: Out<"linkedin.draft.approve"> = { draft: await viewOfDraft(ctx, draft.id), mode: "send_now", dispatch_result: result };
    if (dispatcher.deliver) ctx.afterCommit(deliverAfterCommit(dispatcher, item, output, ctx.trace));
    return output;
  };
}

export function previewApproveDraft(dispatcher: Dispatcher) {
  return async function preview(input: In<"linkedin.draft.approve">, ctx: Ctx): Promise<ApprovalOutput> {
    const { draft, lead, index, text, sendNow } = await plan(input, ctx);
    return {
      draft_id: draft.id,
      status: draft.status,
      type: draft.type,
      recipient: recipientOf(lead),
      lead_id: draft.lead_id,
      mission_id: draft.mission_id,
      variation_index: index,
      body_text: text,
      send_now: sendNow,
      dispatcher: sendNow ? dispatcher.name : null,
    };
  };
}
