// linkedin.draft.update — spec/commands/linkedin.draft.update.json
import type { DraftPatch } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import { fillPlaceholders } from "./placeholders.js";
import { checkInvitationLength, finished, loadDraft, variationsOf, viewOfDraft } from "./view.js";

const EDITABLE = ["PENDING_REVIEW", "READY_TO_SEND"] as const;

export async function updateDraft(input: In<"linkedin.draft.update">, ctx: Ctx): Promise<Out<"linkedin.draft.update">> {
  const row = await loadDraft(ctx, input.draft_id);
  if (row.status === "DISPATCHED" || row.status === "CANCELLED") throw finished(row, "change");
  const type = input.type ?? row.type;
  const lead = input.variations ? await ctx.repos.leads.get(ctx.principal.workspaceId, row.lead_id) : undefined;
  const texts =
    input.variations && lead
      ? fillPlaceholders(
          input.variations.map((v) => v.body_text.trim()),
          lead,
          (i) => `/variations/${i}/body_text`,
        )
      : (input.variations?.map((v) => v.body_text.trim()) ?? variationsOf(row));
  checkInvitationLength(type, texts);
  // Any change withdraws an approval: the reviewer approved other words.
  const patch: DraftPatch = {
    type,
    variations_json: JSON.stringify(texts),
    status: "PENDING_REVIEW",
    selected_variation_index: null,
    selected_body_text: null,
    approved_at: null,
    updated_at: ctx.now,
  };
  if (!(await ctx.repos.drafts.transition(ctx.principal.workspaceId, row.id, EDITABLE, patch)))
    throw finished(await loadDraft(ctx, row.id), "change");
  if (row.status === "READY_TO_SEND") ctx.warn(`draft ${row.id} was approved; the change sent it back to PENDING_REVIEW, so approve it again`);
  return { draft: await viewOfDraft(ctx, row.id) };
}
