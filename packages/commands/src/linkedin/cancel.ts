// linkedin.draft.cancel — spec/commands/linkedin.draft.cancel.json
import type { Ctx, In, Out } from "../context.js";
import { finished, loadDraft, viewOfDraft } from "./view.js";

export async function cancelDraft(input: In<"linkedin.draft.cancel">, ctx: Ctx): Promise<Out<"linkedin.draft.cancel">> {
  const row = await loadDraft(ctx, input.draft_id);
  if (row.status === "CANCELLED") {
    ctx.warn(`draft ${row.id} was already cancelled at ${row.cancelled_at}; nothing changed`);
    return { draft: await viewOfDraft(ctx, row.id) };
  }
  const patch = { status: "CANCELLED" as const, cancelled_at: ctx.now, updated_at: ctx.now };
  if (!(await ctx.repos.drafts.transition(ctx.principal.workspaceId, row.id, ["PENDING_REVIEW", "READY_TO_SEND"], patch))) {
    throw finished(await loadDraft(ctx, row.id), "be cancelled");
  }
  return { draft: await viewOfDraft(ctx, row.id) };
}
