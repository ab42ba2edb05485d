// @salestouch/contracts: everything generated from spec/, plus the types that describe it.
export type {
  CommandDefinition,
  CommandExample,
  CommandInput,
  CommandOutput,
  Descriptor,
  DescriptorExample,
  DescriptorWithSchemas,
  JsonSchema,
  Registry,
  ResponseProfile,
} from "./definition.js";
export {
  APPROVAL_STATUSES,
  CATEGORIES,
  CATEGORY_SCOPES,
  LEAD_TEXT_LIMITS,
  PERMISSIONS,
  RISKS,
  TEXT_PATTERN,
  VISIBILITIES,
  type ApprovalStatus,
  type Category,
  type CategoryScope,
  type LeadTextField,
  type Permission,
  type Risk,
  type Visibility,
} from "./generated/vocabulary.js";
export type { Validator, ValidationError } from "./validator.js";
export type { CommandId, CommandTypes } from "./generated/types.js";
export type { paths as OpenApiPaths } from "./generated/openapi-paths.js";
export { registry, commandIds } from "./generated/registry.js";
export { CONTRACT_VERSION } from "./generated/command-facts.js";
export { errorCatalogue, type ErrorCode } from "./generated/errors.js";
export { resources } from "./generated/resources.js";
export { prompts } from "./generated/prompts.js";
export type { PromptArgument, PromptDefinition } from "./prompt.js";
export { approvalPendingSchema, approvalSchema, type ApprovalPending, type ApprovalView } from "./generated/approvals.js";
export type { BuiltinResourceDefinition, CommandResourceDefinition, ResourceDefinition } from "./resource.js";
export { closestCommandIds, commandHttpPath, commandToolName, isCommandId, SURFACE_HEADER, TOOL_NAME_PATTERN } from "./naming.js";
export { findCommand, type FoundCommand } from "./find-command.js";
export { loadOpenApiDocument } from "./openapi-document.js";
export type { Envelope, EnvelopeErrorBody, EnvelopeMeta, ErrorDetail, PlainErrorBody } from "./envelope.js";
