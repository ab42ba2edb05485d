// @salestouch/client: the typed HTTP client over openapi-fetch.
export { ApiError, createClient, type ClientOptions, type RunOptions, type SalesTouchClient } from "./client.js";
export type { CommandId, CommandInput, CommandOutput, Envelope } from "@salestouch/contracts";
