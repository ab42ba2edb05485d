// @salestouch/commands: the hand-written handlers, one file per command, grouped by category.
export { createGatherers, createHandlers, createPreviews, handlers, type HandlerOptions } from "./handlers.js";
export {
  outboxDispatcher,
  webhookPayload,
  type DeliveryOutcome,
  type Dispatcher,
  type DispatcherName,
  type WebhookPayload,
} from "./dispatch/dispatcher.js";
export { webhookDispatcher, type WebhookOptions } from "./dispatch/webhook.js";
export { SIGNATURE_HEADER, signatureHeader, verifySignature, type VerifyOptions } from "./dispatch/signature.js";
export { ImportProgressBoard, type ImportProgressEntry } from "./imports/progress.js";
export type { UploadedFile, UploadSource } from "./imports/uploads.js";
export { runRescoreBatch, SLICE, type BatchOptions, type BatchOutcome } from "./scoring/rescore-job.js";
export { fileLeadSource } from "./sources/file.js";
export { isConfigured, noLeadSource, type LeadSearch, type LeadSource, type LeadSourceName } from "./sources/lead-source.js";
export {
  webhookLeadSource,
  type CallbackOutcome,
  type LeadSourceRequest,
  type SearchInbox,
  type WebhookLeadSource,
  type WebhookLeadSourceOptions,
} from "./sources/webhook.js";
export { FILTER_RULES, linkedinSearchUrl, normaliseFilters, restliString, salesNavQuery, salesNavSearchUrl } from "./imports/search-url.js";
