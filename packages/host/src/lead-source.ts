// The lead source a process asks for the search imports' people, built from the checked
// configuration (docs/lead-sources.md): none, the signed webhook, or a local JSON file.
import { fileLeadSource, noLeadSource, webhookLeadSource, type LeadSource, type WebhookLeadSource } from "@salestouch/commands";

export type { LeadSource };
import type { Config } from "./config.js";

export type LeadSourceConfigKey =
  | "leadSource"
  | "leadSourceUrl"
  | "leadSourceSecret"
  | "leadSourceFile"
  | "leadSourceTimeoutMs"
  | "leadSourceCallbackUrl";

/** loadConfig has checked that the chosen source has what it needs. */
export function leadSourceFrom(config: Pick<Config, LeadSourceConfigKey>): LeadSource {
  if (config.leadSource === "webhook") {
    if (!config.leadSourceUrl || !config.leadSourceSecret)
      throw new Error("the webhook lead source needs SALESTOUCH_LEAD_SOURCE_URL and SALESTOUCH_LEAD_SOURCE_SECRET");
    return webhookLeadSource({
      url: config.leadSourceUrl,
      secret: config.leadSourceSecret,
      timeoutMs: config.leadSourceTimeoutMs,
      callbackUrl: config.leadSourceCallbackUrl,
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
