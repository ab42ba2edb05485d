// Hand-written types that describe what the generated registry holds.
import type { CommandId, CommandTypes } from "./generated/types.js";
import type { Category, Permission, Risk, Visibility } from "./generated/vocabulary.js";
import type { Validator } from "./validator.js";

export type ResponseProfile = "full" | "compact";
export type JsonSchema = { readonly [key: string]: unknown };

export interface DescriptorExample {
  title: string;
  language: string;
  code: string;
}

/** A command as GET /api/v1/commands lists it (docs/contract.md "Routes"). */
export interface Descriptor {
  command_id: string;
  title: string;
  description: string;
  summary: string;
  visibility: Visibility;
  risk: Risk;
  category: Category;
  default_permission: Permission;
  when_to_use: string;
  risk_notes: string[];
  output_notes: string[];
  related_commands: string[];
  related_resources: string[];
  examples: DescriptorExample[];
}

/** A command as GET /api/v1/commands/{id}/schema returns it. */
export interface DescriptorWithSchemas extends Descriptor {
  input_schema: JsonSchema;
  output_schema: JsonSchema;
  approval_output_schema: JsonSchema | null;
}

/** One file of spec/examples/<command_id>/: setup steps, an input and the expected envelope. */
export interface CommandExample {
  name: string;
  title: string;
  setup: { as: string; command: string; input: unknown }[];
  input: unknown;
  expect: { ok: boolean; status: number; data?: unknown; error?: { code: string } };
}

export interface CommandDefinition<K extends CommandId = CommandId> {
  id: K;
  descriptor: Descriptor;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  approvalOutputSchema: JsonSchema | null;
  /** Dotted paths (`a.b`, `list[].c`) that the compact profile empties. */
  compactTrim: readonly string[];
  /** Whether the handler writes: risk !== read, unless the spec says `writes: false` (a published mutate risk on a command that only reads here). */
  writes: boolean;
  examples: readonly CommandExample[];
  validateInput: Validator<CommandTypes[K]["input"]>;
  validateOutput: Validator<CommandTypes[K]["output"]>;
  validateApprovalOutput: Validator<unknown> | null;
}

export type Registry = { readonly [K in CommandId]: CommandDefinition<K> };

export type CommandInput<K extends CommandId> = CommandTypes[K]["input"];
export type CommandOutput<K extends CommandId> = CommandTypes[K]["output"];
