// The outbox as people use it: export what was dispatched (JSON lines or CSV) and retry webhook
// deliveries that failed. Rows are written by linkedin.draft.approve; this only reads them and
// records delivery attempts.
import type { Dispatcher } from "@salestouch/commands";
import type { OutboxFilter, OutboxRow, Store } from "@salestouch/store";

export interface OutboxExportRow {
  queue_item_id: string;
  message_id: string;
  draft_id: string;
  lead_id: string;
  mission_id: string;
  channel: string;
  type: string;
  recipient_name: string | null;
  recipient_linkedin_url: string | null;
  recipient_company: string | null;
  body_text: string;
  dispatcher: string;
  status: string;
  attempts: number;
  last_error: string | null;
  external_message_id: string | null;
  created_at: string;
  delivered_at: string | null;
}

export function exportRow(row: OutboxRow): OutboxExportRow {
  const recipient = JSON.parse(row.recipient_json) as { name: string | null; linkedin_url: string | null; company: string | null };
  return {
    queue_item_id: row.id,
    message_id: row.message_id,
    draft_id: row.draft_id,
    lead_id: row.lead_id,
    mission_id: row.mission_id,
    channel: row.channel,
    type: row.type,
    recipient_name: recipient.name,
    recipient_linkedin_url: recipient.linkedin_url,
    recipient_company: recipient.company,
    body_text: row.body_text,
    dispatcher: row.dispatcher,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    external_message_id: row.external_message_id,
    created_at: row.created_at,
    delivered_at: row.delivered_at,
  };
}

/**
 * One CSV cell. Text a spreadsheet would read as a formula (a cell starting with =, +, -, @, tab or
 * carriage return: `=HYPERLINK(…)`, `=cmd|…`) gets a leading apostrophe, so opening the export
 * shows the text instead of running it (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? "" : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n\t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly OutboxExportRow[]): string {
  const header = [
    "queue_item_id",
    "message_id",
    "draft_id",
    "lead_id",
    "mission_id",
    "channel",
    "type",
    "recipient_name",
    "recipient_linkedin_url",
    "recipient_company",
    "body_text",
    "dispatcher",
    "status",
    "attempts",
    "last_error",
    "external_message_id",
    "created_at",
    "delivered_at",
  ] as const;
  const lines = [header.join(","), ...rows.map((row) => header.map((column) => csvCell(row[column])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

export class OutboxService {
  constructor(private readonly store: Store) {}

  async list(workspaceId: string, filter: OutboxFilter = {}): Promise<OutboxExportRow[]> {
    return (await this.store.reads.outbox.list(workspaceId, filter)).map(exportRow);
  }

  /** Delivers again every queued or failed webhook item of the workspace; returns what happened to each. */
  async redeliver(workspaceId: string, dispatcher: Dispatcher): Promise<OutboxExportRow[]> {
    if (!dispatcher.deliver)
      throw new Error(
        "the configured dispatcher is the outbox, which delivers nothing; set SALESTOUCH_WEBHOOK_URL and SALESTOUCH_WEBHOOK_SECRET to deliver by webhook",
      );
    const repo = this.store.reads.outbox;
    const items = [...(await repo.list(workspaceId, { status: "failed" })), ...(await repo.list(workspaceId, { status: "queued" }))].filter(
      (item) => item.dispatcher === "webhook",
    );
    const out: OutboxExportRow[] = [];
    for (const item of items) {
      const outcome = await dispatcher.deliver(item);
      const at = new Date().toISOString();
      await this.store.transaction("write", async (repos) => {
        await repos.outbox.update(item.id, {
          status: outcome.status,
          attempts: item.attempts + outcome.attempts,
          last_error: outcome.error,
          external_message_id: outcome.externalMessageId,
          delivered_at: outcome.status === "delivered" ? at : null,
          updated_at: at,
        });
        if (outcome.externalMessageId)
          await repos.drafts.update(workspaceId, item.draft_id, { dispatched_external_message_id: outcome.externalMessageId });
      });
      out.push(exportRow((await repo.get(workspaceId, item.id))!));
    }
    return out;
  }
}
