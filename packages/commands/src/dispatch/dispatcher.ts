// Where a sent draft goes (docs/approvals.md "Dispatchers"). Every dispatch is first an outbox row,
// written in the command's transaction. The outbox dispatcher stops there: a person exports the
// outbox (`salestouch outbox export`). The webhook dispatcher then delivers the row, after commit,
// to the team's own sending tool.
import type { TraceContext } from "@salestouch/runtime";
import type { OutboxRow } from "@salestouch/store";

export type DispatcherName = "outbox" | "webhook";

export interface DeliveryOutcome {
  status: "delivered" | "failed";
  attempts: number;
  /** The id the receiver gave back (its JSON answer's message_id or id), if any. */
  externalMessageId: string | null;
  error: string | null;
}

export interface Dispatcher {
  readonly name: DispatcherName;
  /**
   * Delivers one outbox item; absent for the outbox dispatcher, which only records. `trace` is the
   * trace of the request that sent it, which the delivery continues (W3C traceparent).
   */
  deliver?(item: OutboxRow, trace?: TraceContext): Promise<DeliveryOutcome>;
}

export const outboxDispatcher: Dispatcher = { name: "outbox" };

/** What a receiver gets: the outbox item as a message, with the ids it de-duplicates on. */
export interface WebhookPayload {
  /** The delivery id: the same on every retry of this message (also the Idempotency-Key header). */
  id: string;
  type: "linkedin.message.dispatch";
  created_at: string;
  workspace_id: string;
  message: {
    message_id: string;
    draft_id: string;
    lead_id: string;
    mission_id: string;
    channel: "LINKEDIN";
    type: "INVITATION" | "MESSAGE";
    body_text: string;
    recipient: { name: string | null; linkedin_url: string | null; company: string | null; job_title: string | null };
  };
}

export function webhookPayload(item: OutboxRow): WebhookPayload {
  return {
    id: item.id,
    type: "linkedin.message.dispatch",
    created_at: item.created_at,
    workspace_id: item.workspace_id,
    message: {
      message_id: item.message_id,
      draft_id: item.draft_id,
      lead_id: item.lead_id,
      mission_id: item.mission_id,
      channel: item.channel,
      type: item.type,
      body_text: item.body_text,
      recipient: JSON.parse(item.recipient_json) as WebhookPayload["message"]["recipient"],
    },
  };
}
