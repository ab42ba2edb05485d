// @salestouch/client: the typed HTTP client over openapi-fetch.
export {
  createClient,
  type ApprovalsClient,
  type ApprovalStatus,
  type CallOptions,
  type ClientOptions,
  type ListCommandId,
  type ListItem,
  type RunOptions,
  type SalesTouchClient,
} from "./client.js";
export { ApiError, type ApiErrorKind, type ApiErrorOptions } from "./errors.js";
export { fetchNoRedirect } from "./redirects.js";
export {
  CommandFailedError,
  type CommandError,
  type CommandInput,
  type CommandOutput,
  type CommandResult,
  type Done,
  type Failed,
  type FailureStatus,
  type Held,
  type HeldOutput,
} from "./results.js";
export type { RetryOptions } from "./retry.js";
export { CONTRACT_VERSION, commandFacts } from "@salestouch/contracts/facts";
export type {
  ApprovalPending,
  ApprovalView,
  CommandId,
  CommandTypes,
  Descriptor,
  DescriptorWithSchemas,
  Envelope,
  EnvelopeErrorBody,
  EnvelopeMeta,
  ErrorCode,
  OpenApiPaths,
  ResponseProfile,
} from "@salestouch/contracts";
export type { CsvUploadSource, UploadCsvOptions, UploadedCsv } from "./uploads.js";
