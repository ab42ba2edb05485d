// generated/vocabulary.ts: the spec's words as constants and types, so no package restates them.
// (Error codes are the keys of errors.ts, generated from spec/errors.json.)
import type { Spec } from "./spec-model.js";

const list = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(", ")}] as const`;

export function emitVocabulary(spec: Spec, generatedHeader: string): string {
  const v = spec.vocabulary;
  const limits = Object.entries(v.leadTextLimits).map(([field, max]) => `  ${field}: ${max},`);
  return [
    generatedHeader,
    `/** Command categories (spec/command.schema.json); a key's scopes are <category>.read and <category>.write. */`,
    `export const CATEGORIES = ${list(v.categories)};`,
    `export type Category = (typeof CATEGORIES)[number];`,
    ``,
    `/** Command risks (spec/command.schema.json). */`,
    `export const RISKS = ${list(v.risks)};`,
    `export type Risk = (typeof RISKS)[number];`,
    ``,
    `/** What a permission rule or a command's default_permission says (spec/command.schema.json). */`,
    `export const PERMISSIONS = ${list(v.permissions)};`,
    `export type Permission = (typeof PERMISSIONS)[number];`,
    ``,
    `/** Command visibilities (spec/command.schema.json). */`,
    `export const VISIBILITIES = ${list(v.visibilities)};`,
    `export type Visibility = (typeof VISIBILITIES)[number];`,
    ``,
    `/** The scopes a category gives an API key to its commands: read for risk read, write otherwise. */`,
    `export const CATEGORY_SCOPES = ${list(v.categories.flatMap((c) => [`${c}.read`, `${c}.write`]))};`,
    `export type CategoryScope = (typeof CATEGORY_SCOPES)[number];`,
    ``,
    `/** Approval request statuses (spec/schemas/approval.json). */`,
    `export const APPROVAL_STATUSES = ${list(v.approvalStatuses)};`,
    `export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];`,
    ``,
    `/** Lead input text fields and their longest accepted value (maxLength in spec/schemas/lead-input.json). */`,
    `export const LEAD_TEXT_LIMITS = {`,
    ...limits,
    `} as const;`,
    `export type LeadTextField = keyof typeof LEAD_TEXT_LIMITS;`,
    ``,
    `/** The pattern every command input string follows: no NUL, no unpaired UTF-16 surrogate (spec/schemas/text.json). */`,
    `export const TEXT_PATTERN = ${JSON.stringify(v.text.pattern)};`,
    ``,
  ].join("\n");
}
