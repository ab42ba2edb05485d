// Building lead rows from drafted values: a complete new row, and the fill-only patch an import
// applies to a lead that already exists (it never overwrites a value).
import type { LeadPatch, LeadRow, NewLead } from "@salestouch/store";
import type { LeadColumn, LeadValues } from "./draft.js";

const COLUMNS: readonly LeadColumn[] = [
  "first_name",
  "last_name",
  "full_name",
  "email",
  "email_key",
  "linkedin_url",
  "linkedin_key",
  "sales_nav_id",
  "custom_id",
  "company",
  "job_title",
  "headline",
  "location",
  "description",
  "phone",
  "timezone",
  "avatar_url",
  "company_website",
  "company_logo_url",
  "company_linkedin_url",
  "company_headline",
  "personal_website",
  "company_industry",
  "company_size",
  "score",
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
export function newLeadRow(v: LeadValues, options: NewLeadOptions): NewLead {
  // One object literal: building the row key by key made this the slowest step of an import.
  return {
    id: options.id,
    workspace_id: options.workspaceId,
    first_name: v.first_name ?? null,
    last_name: v.last_name ?? null,
    full_name: v.full_name ?? null,
    email: v.email ?? null,
    email_key: v.email_key ?? null,
    linkedin_url: v.linkedin_url ?? null,
    linkedin_key: v.linkedin_key ?? null,
    sales_nav_id: v.sales_nav_id ?? null,
    custom_id: v.custom_id ?? null,
    company: v.company ?? null,
    job_title: v.job_title ?? null,
    headline: v.headline ?? null,
    location: v.location ?? null,
    description: v.description ?? null,
    phone: v.phone ?? null,
    timezone: v.timezone ?? null,
    avatar_url: v.avatar_url ?? null,
    company_website: v.company_website ?? null,
    company_logo_url: v.company_logo_url ?? null,
    company_linkedin_url: v.company_linkedin_url ?? null,
    company_headline: v.company_headline ?? null,
    personal_website: v.personal_website ?? null,
    company_industry: v.company_industry ?? null,
    company_size: v.company_size ?? null,
    score: v.score ?? null,
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
