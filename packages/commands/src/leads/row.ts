// Building lead rows from drafted values: a complete new row, and the fill-only patch an import
// applies to a lead that already exists (it never overwrites a value).
import type { LeadPatch, LeadRow, NewLead } from "@salestouch/store";
import type { LeadColumn, LeadValues } from "./draft.js";

const COLUMNS: readonly LeadColumn[] = [
  "first_name", "last_name", "full_name", "email", "email_key", "linkedin_url", "linkedin_key", "sales_nav_id", "custom_id",
  "company", "job_title", "headline", "location", "description", "phone", "timezone", "avatar_url", "company_website",
  "company_logo_url", "company_linkedin_url", "company_headline", "personal_website", "company_industry", "company_size", "score",
];

/** Columns that travel together: the key decides whether the pair is filled. */
const PAIRED: Partial<Record<LeadColumn, LeadColumn>> = { email: "email_key", linkedin_url: "linkedin_key" };
const KEY_COLUMNS = new Set<LeadColumn>(["email_key", "linkedin_key"]);

export interface NewLeadOptions {
  id: string;
  workspaceId: string;
  now: string;
  experienceJson?: string;
  educationJson?: string;
}

/** Every column set (null when not given), so multi-row inserts share one column list. */
export function newLeadRow(values: LeadValues, options: NewLeadOptions): NewLead {
  const row: Record<string, unknown> = { id: options.id, workspace_id: options.workspaceId };
  for (const column of COLUMNS) row[column] = values[column] ?? null;
  return {
    ...(row as Pick<NewLead, "id" | "workspace_id">),
    experience_json: options.experienceJson ?? "[]",
    education_json: options.educationJson ?? "[]",
    do_not_contact: 0,
    last_interaction_at: null,
    created_at: options.now,
    updated_at: options.now,
  };
}

/** The values that fill columns the lead has empty; an empty object when nothing is new. */
export function fillPatch(current: LeadRow, values: LeadValues): LeadPatch {
  const patch: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    if (KEY_COLUMNS.has(column)) continue; // filled together with its pair
    const value = values[column];
    if (value === undefined || value === null) continue;
    const key = PAIRED[column];
    if (current[key ?? column] !== null) continue;
    patch[column] = value;
    if (key !== undefined) patch[key] = values[key];
  }
  return patch as LeadPatch;
}

/** The identity keys a lead row holds, as "kind:value" strings. */
export function identityKeys(row: Pick<LeadRow, "email_key" | "linkedin_key" | "sales_nav_id" | "custom_id">): string[] {
  const keys: string[] = [];
  if (row.email_key) keys.push(`email:${row.email_key}`);
  if (row.linkedin_key) keys.push(`linkedin:${row.linkedin_key}`);
  if (row.sales_nav_id) keys.push(`sales_nav:${row.sales_nav_id}`);
  if (row.custom_id) keys.push(`custom:${row.custom_id}`);
  return keys;
}
