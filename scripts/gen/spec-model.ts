// The shape of the files under spec/ after loading and bundling.
import type { Json } from "./bundle.js";

/**
 * The spec's words, each stated once in spec/: categories, risks, permissions and visibilities in
 * spec/command.schema.json, approval statuses in spec/schemas/approval.json, lead text limits in
 * spec/schemas/lead-input.json, error codes in spec/errors.json. `pnpm gen` exports them from
 * packages/contracts (generated/vocabulary.ts); every other place imports them.
 */
export interface Vocabulary {
  categories: string[];
  /** Category → the description of its OpenAPI tag. */
  categoryDescriptions: Record<string, string>;
  risks: string[];
  permissions: string[];
  visibilities: string[];
  approvalStatuses: string[];
  /** Lead input text field → its maxLength. */
  leadTextLimits: Record<string, number>;
  /** The pattern every input string follows, and what it means (spec/schemas/text.json). */
  text: { pattern: string; description: string };
}

export interface ExampleStep {
  as: string;
  command: string;
  input: Json;
}

export interface SpecExample {
  /** File stem under spec/examples/<command_id>/. */
  name: string;
  title: string;
  setup: ExampleStep[];
  input: Json;
  expect: { ok: boolean; status: number; data?: Json; error?: { code: string } };
}

export interface SpecCommand {
  command_id: string;
  title: string;
  description: string;
  summary: string;
  visibility: "public";
  risk: "read" | "mutate" | "approval";
  category: string;
  default_permission: string;
  when_to_use: string;
  risk_notes: string[];
  output_notes: string[];
  related_commands: string[];
  related_resources: string[];
  input_schema: Json;
  output_schema: Json;
  approval_output_schema: Json;
  response_profiles: { compact: { trim: string[] } };
  /** false: a mutate command (published risk) whose handler writes nothing here; absent: risk !== read. */
  writes?: false;
  examples: SpecExample[];
}

export interface SpecErrorEntry {
  code: string;
  http_status: number;
  exit_code: number;
  retryable: boolean;
  message: string;
  /** For REST callers (routes). */
  hint: string;
  /** The same advice with CLI verbs and flags, and with MCP tools and arguments. */
  hints: { cli: string; mcp: string };
}

export interface Spec {
  commands: SpecCommand[];
  vocabulary: Vocabulary;
  errors: SpecErrorEntry[];
  /** spec/openapi.yaml, parsed. */
  openapi: { [key: string]: Json };
}
