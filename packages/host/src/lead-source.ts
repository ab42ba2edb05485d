// The lead source a process asks for the search imports' people, built from the checked
// configuration (docs/lead-sources.md): none, the signed webhook, or a local JSON file.
import { fileLeadSource, noLeadSource, webhookLeadSource, type LeadSource, type SearchInbox, type WebhookLeadSource } from "@salestouch/commands";
import type { Store } from "@salestouch/store";

export type { LeadSource };
import type { Config } from "./config.js";

export type LeadSourceConfigKey =
  | "leadSource"
  | "leadSourceUrl"
  | "leadSourceSecret"
  | "leadSourceFile"
  | "leadSourceTimeoutMs"
  | "leadSourceCallbackUrl";

/**
 * Searches answered later wait in the database, so that the callback route of any replica on it
 * records their pages (docs/lead-sources.md, "Several replicas").
 */
function storeInbox(store: Pick<Store, "transaction">): SearchInbox {
  const now = () => new Date().toISOString();
  return {
    open: (id, workspaceId, expiresAt) =>
      store.transaction("write", (r) =>
        r.leadSourceSearches.open({ id, workspace_id: workspaceId, created_at: now(), expires_at: expiresAt.toISOString() }),
      ),
    record: (id, page) => store.transaction("write", (r) => r.leadSourceSearches.record(id, page, now())),
    pages: (id) => store.transaction("read", (r) => r.leadSourceSearches.pages(id)),
    close: (id) => store.transaction("write", (r) => r.leadSourceSearches.close(id)),
  };
}

/** loadConfig has checked that the chosen source has what it needs. */
export function leadSourceFrom(config: Pick<Config, LeadSourceConfigKey>, store: Pick<Store, "transaction">): LeadSource {
  if (config.leadSource === "webhook") {
    if (!config.leadSourceUrl || !config.leadSourceSecret)
      throw new Error("the webhook lead source needs SALESTOUCH_LEAD_SOURCE_URL and SALESTOUCH_LEAD_SOURCE_SECRET");
    return webhookLeadSource({
      url: config.leadSourceUrl,
      secret: config.leadSourceSecret,
      timeoutMs: config.leadSourceTimeoutMs,
      callbackUrl: config.leadSourceCallbackUrl,
      inbox: storeInbox(store),
    });
  }
  if (config.leadSource === "file") {
    if (!config.leadSourceFile) throw new Error("the file lead source needs SALESTOUCH_LEAD_SOURCE_FILE");
    return fileLeadSource({ path: config.leadSourceFile });
  }
  return noLeadSource;
}

/** The webhook source, which takes signed callbacks; null for every other. */
export function callbackReceiver(source: LeadSource): WebhookLeadSource | null {
  return "receive" in source ? (source as WebhookLeadSource) : null;
}
