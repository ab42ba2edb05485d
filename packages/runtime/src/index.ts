// @salestouch/runtime: the kernel every surface calls. No domain code and no surface objects here.
export { createRuntime, DEFAULT_APPROVAL_TTL_MS, type ExecuteContext, type Runtime, type RuntimeOptions } from "./runtime.js";
export type {
  AfterCommit,
  GatherContext,
  Gatherer,
  Gatherers,
  Handler,
  HandlerContext,
  Handlers,
  Preview,
  Previews,
  TransactionOptions,
  UnitOfWork,
} from "./handler.js";
export type { ApprovalDesk, ApprovalListOptions, DecisionOptions } from "./approval-desk.js";
export type {
  ActorKind,
  ApiKeyStore,
  ApprovalRecord,
  ApprovalStatus,
  ApprovalStore,
  IdempotencyRecord,
  IdempotencyStore,
  KernelRepositories,
  PermissionRuleRecord,
  PermissionRuleStore,
} from "./kernel-store.js";
export { checkApprovalId, findUnstorableText, unstorableText, withoutUnstorableText } from "./text.js";
export { canDecide, describeRule, resolvePermission, API_KEYS_SUBJECT, WORKSPACE_SUBJECT, type PermissionDecision } from "./permissions.js";
export { catalogueHint, CommandError, notFound, type CommandErrorOptions } from "./errors.js";
export { hasToken, renderHint, SURFACE_HEADER, SURFACES, surfaceOf, type Hint, type Surface } from "./hints.js";
export { errorEnvelope, successEnvelope } from "./envelope.js";
export { canonicalJson, canonicalSha256, commandHash } from "./canonical.js";
export { nodeCrypto } from "./node-crypto.js";
export { pacer, sha256Text, sliceEnd, type Pace } from "./pace.js";
export { applyProfile } from "./profile.js";
export { createIdGenerator, type IdGenerator } from "./ids.js";
export { createJsonLogger, silentLogger, tracedLogger, type LogLevel, type Logger } from "./logger.js";
export { bufferedLineWriter, type LineWriter } from "./line-writer.js";
export { outgoingTraceparent, traceFromHeader, type TraceContext } from "./trace.js";
export {
  DECIDE_SCOPE,
  generateApiKey,
  hashApiKey,
  hashesEqual,
  secretsEqual,
  hasScope,
  KEY_PREFIX,
  looksLikeApiKey,
  parseScopes,
  requiredScope,
  type GeneratedKey,
  type Principal,
} from "./auth.js";
export { describeDetails, validationDetails } from "./validation.js";
export { findResource, listResources, readResource, unknownResource, type ResourceContent, type ResourceSummary } from "./resources.js";
