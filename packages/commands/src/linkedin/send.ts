// Dispatching an approved draft: an outbox row (unique per draft, so at most once), the draft
// marked DISPATCHED, and the lead marked Contacted in the mission — all in the command's
// transaction. A webhook delivery follows after commit and records its outcome.
import type { DraftRow, LeadRow, OutboxRow } from "@salestouch/store";
import type { AfterCommit, TraceContext } from "@salestouch/runtime";
import type { Repositories } from "@salestouch/store";
import type { Ctx, Out } from "../context.js";
import type { Dispatcher } from "../dispatch/dispatcher.js";
import { recipientOf } from "./view.js";

export type DispatchResult = NonNullable<Out<"linkedin.draft.approve">["dispatch_result"]>;

/** Statuses a send moves to Contacted: later ones (Replied, …) already say more. */
const NOT_YET_CONTACTED = ["New", "Waiting"];

async function markContacted(ctx: Ctx, draft: DraftRow): Promise<void> {
  const ws = ctx.principal.workspaceId;
  const from = await ctx.repos.missionLeads.setStatus(ws, draft.mission_id, draft.lead_id, "Contacted", ctx.now, NOT_YET_CONTACTED);
  if (from !== undefined) {
    await ctx.repos.missionLeads.addHistory({
      id: ctx.ids.next("lsc"),
      workspace_id: ws,
      lead_id: draft.lead_id,
      mission_id: draft.mission_id,
      from_status: from,
      to_status: "Contacted",
      note: `LinkedIn draft ${draft.id} dispatched`,
      changed_at: ctx.now,
    });
  }
  await ctx.repos.leads.update(ws, draft.lead_id, { last_interaction_at: ctx.now, updated_at: ctx.now });
}

/** Writes the dispatch; returns the outbox item and the result to report. */
export async function dispatchDraft(
  ctx: Ctx,
  draft: DraftRow,
  lead: LeadRow | undefined,
  dispatcher: Dispatcher,
): Promise<{ item: OutboxRow; result: DispatchResult }> {
  const item: OutboxRow = {
    id: ctx.ids.next("obx"),
    workspace_id: ctx.principal.workspaceId,
    draft_id: draft.id,
    message_id: ctx.ids.next("msg"),
    lead_id: draft.lead_id,
    mission_id: draft.mission_id,
    channel: draft.channel,
    type: draft.type,
    body_text: draft.selected_body_text ?? "",
    recipient_json: JSON.stringify(recipientOf(lead)),
    dispatcher: dispatcher.name,
    status: dispatcher.deliver ? "queued" : "recorded",
    attempts: 0,
    last_error: null,
    external_message_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    delivered_at: null,
  };
  await ctx.repos.outbox.insert(item);
  await ctx.repos.drafts.update(ctx.principal.workspaceId, draft.id, {
    status: "DISPATCHED",
    dispatched_at: ctx.now,
    dispatched_queue_item_id: item.id,
    dispatched_message_id: item.message_id,
    updated_at: ctx.now,
  });
  await markContacted(ctx, draft);
  const result: DispatchResult = {
    dispatcher: dispatcher.name,
    queue_item_id: item.id,
    message_id: item.message_id,
    status: item.status as DispatchResult["status"],
    attempts: 0,
    external_message_id: null,
    error: null,
  };
  return { item, result };
}

/**
 * After commit: deliver through the webhook, record the outcome on the outbox item and the draft,
 * and amend the command's output with it. A failed delivery keeps the item in the outbox.
 */
export function deliverAfterCommit(
  dispatcher: Dispatcher,
  item: OutboxRow,
  output: Out<"linkedin.draft.approve">,
  trace: TraceContext | undefined,
): AfterCommit<Repositories> {
  return async (write) => {
    if (!dispatcher.deliver) return;
    const outcome = await dispatcher.deliver(item, trace);
    const at = new Date().toISOString();
    await write(async (repos) => {
      await repos.outbox.update(item.id, {
        status: outcome.status,
        attempts: item.attempts + outcome.attempts,
        last_error: outcome.error,
        external_message_id: outcome.externalMessageId,
        delivered_at: outcome.status === "delivered" ? at : null,
        updated_at: at,
      });
      if (outcome.externalMessageId)
        await repos.drafts.update(item.workspace_id, item.draft_id, { dispatched_external_message_id: outcome.externalMessageId });
    });
    Object.assign(output.dispatch_result!, {
      status: outcome.status,
      attempts: outcome.attempts,
      external_message_id: outcome.externalMessageId,
      error: outcome.error,
    });
    output.draft.dispatched_external_message_id = outcome.externalMessageId;
    if (outcome.status === "failed")
      throw new Error(
        `webhook delivery of ${item.id} failed after ${outcome.attempts} attempt(s): ${outcome.error}; it stays in the outbox (salestouch outbox export --status failed)`,
      );
  };
}
