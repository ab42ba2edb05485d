// The dispatcher a process sends approved drafts through, built from the checked configuration.
import { outboxDispatcher, webhookDispatcher, type Dispatcher } from "@salestouch/commands";
import type { Config } from "./config.js";

export type DispatchConfig = Pick<Config, "dispatcher" | "webhookUrl" | "webhookSecret" | "webhookAttempts" | "webhookBackoffMs">;

/** The outbox, or the signed webhook (loadConfig has checked that its URL and secret are set). */
export function dispatcherFrom(config: DispatchConfig): Dispatcher {
  if (config.dispatcher !== "webhook") return outboxDispatcher;
  if (!config.webhookUrl || !config.webhookSecret)
    throw new Error("the webhook dispatcher needs SALESTOUCH_WEBHOOK_URL and SALESTOUCH_WEBHOOK_SECRET");
  return webhookDispatcher({
    url: config.webhookUrl,
    secret: config.webhookSecret,
    attempts: config.webhookAttempts,
    backoffMs: config.webhookBackoffMs,
  });
}
