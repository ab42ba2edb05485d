// @salestouch/client: the typed HTTP client over openapi-fetch.
export { ApiError, createClient, type ApprovalsClient, type ApprovalStatus, type ClientOptions, type RunOptions, type SalesTouchClient } from "./client.js";
export type { ApprovalView, CommandId, CommandInput, CommandOutput, Envelope } from "@salestouch/contracts";
