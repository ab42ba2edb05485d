// @salestouch/runtime: the kernel every surface calls. No domain code and no surface objects here.
export { createRuntime, type ExecuteContext, type Runtime, type RuntimeOptions } from "./runtime.js";
export type { Handler, HandlerContext, Handlers, UnitOfWork } from "./handler.js";
export { CommandError, notFound, type CommandErrorOptions } from "./errors.js";
export { errorEnvelope, successEnvelope } from "./envelope.js";
export { canonicalJson, commandHash } from "./canonical.js";
export { applyProfile } from "./profile.js";
export { createIdGenerator, type IdGenerator } from "./ids.js";
export { createJsonLogger, parseLogLevel, silentLogger, type LogLevel, type Logger } from "./logger.js";
export { bufferedLineWriter, type LineWriter } from "./line-writer.js";
export {
  ALL_SCOPES, generateApiKey, hashApiKey, hashesEqual, hasScope, KEY_PREFIX, looksLikeApiKey, parseScopes, requiredScope,
  type GeneratedKey, type Principal,
} from "./auth.js";
export { describeDetails, validationDetails } from "./validation.js";
export { findResource, listResources, readResource, unknownResource, type ResourceContent, type ResourceSummary } from "./resources.js";
