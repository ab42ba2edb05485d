// The shape of the files under spec/ after loading and bundling.
import type { Json } from "./bundle.js";

export const DESCRIPTOR_FIELDS = [
  "command_id", "title", "description", "summary", "visibility", "risk", "category",
  "default_permission", "when_to_use", "risk_notes", "output_notes", "related_commands",
  "related_resources",
] as const;

export const RISKS = ["read", "mutate", "approval"] as const;
export const CATEGORIES = ["missions", "offers", "imports", "leads", "linkedin", "scoring"] as const;
export const PERMISSIONS = ["allow", "ask", "deny"] as const;

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
  risk: (typeof RISKS)[number];
  category: (typeof CATEGORIES)[number];
  default_permission: (typeof PERMISSIONS)[number];
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
  errors: SpecErrorEntry[];
  /** spec/openapi.yaml, parsed. */
  openapi: { [key: string]: Json };
}
