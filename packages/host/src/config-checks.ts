// The checks that span several settings of the configuration module (config.ts): a chosen
// dispatcher or lead source must have what it needs, and a setting that only one of them reads is
// refused when another is chosen. Each problem names the variables and what to set.
import { existsSync } from "node:fs";
import type { Config, SettingKey } from "./config.js";

export function checkDispatcher(config: Config, setBy: Partial<Record<SettingKey, string>>, problems: string[]): void {
  const webhook = setBy.dispatcher ? config.dispatcher === "webhook" : config.webhookUrl !== undefined;
  if (!webhook) return;
  if (!config.webhookUrl) problems.push("the webhook dispatcher needs SALESTOUCH_WEBHOOK_URL, an http(s) URL of your sending tool's endpoint");
  if (!config.webhookSecret)
    problems.push("the webhook dispatcher needs SALESTOUCH_WEBHOOK_SECRET, at least 16 characters shared with the receiver, to sign each delivery");
}

export function checkLeadSource(config: Config, setBy: Partial<Record<SettingKey, string>>, problems: string[]): void {
  const source = config.leadSource;
  if (source === "webhook") {
    if (!config.leadSourceUrl)
      problems.push("SALESTOUCH_LEAD_SOURCE=webhook needs SALESTOUCH_LEAD_SOURCE_URL, the http(s) URL of your lead-source service");
    if (!config.leadSourceSecret)
      problems.push(
        "SALESTOUCH_LEAD_SOURCE=webhook needs SALESTOUCH_LEAD_SOURCE_SECRET, at least 16 characters shared with the service, to sign searches and answers",
      );
  }
  if (source === "file") {
    if (!config.leadSourceFile)
      problems.push("SALESTOUCH_LEAD_SOURCE=file needs SALESTOUCH_LEAD_SOURCE_FILE, the path of a JSON file of results keyed by search URL");
    else if (!existsSync(config.leadSourceFile))
      problems.push(
        `SALESTOUCH_LEAD_SOURCE_FILE=${JSON.stringify(config.leadSourceFile)} does not exist: give the path of a JSON file of results keyed by search URL`,
      );
  }
  if (source !== "webhook" && setBy.leadSourceUrl)
    problems.push(
      `SALESTOUCH_LEAD_SOURCE_URL is set but SALESTOUCH_LEAD_SOURCE is ${source}: set SALESTOUCH_LEAD_SOURCE=webhook to use it, or unset it`,
    );
  if (source !== "file" && setBy.leadSourceFile)
    problems.push(
      `SALESTOUCH_LEAD_SOURCE_FILE is set but SALESTOUCH_LEAD_SOURCE is ${source}: set SALESTOUCH_LEAD_SOURCE=file to use it, or unset it`,
    );
}
