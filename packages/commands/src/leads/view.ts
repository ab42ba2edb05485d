// Lead rows → the published lead record (camelCase, unknown text as "" or absent) and the
// lead.search item.
import type { LeadRow } from "@salestouch/store";
import { notFound } from "@salestouch/runtime";
import type { Ctx, Out } from "../context.js";

export type LeadRecord = Out<"lead.get">["lead"];
export type LeadStatus = LeadRecord["status"];
export type SearchItem = Out<"lead.search">["leads"][number];

/** Optional record fields and the column each is read from; absent when the column is null. */
const OPTIONAL = {
  lastInteraction: "last_interaction_at",
  description: "description",
  location: "location",
  email: "email",
  phone: "phone",
  timezone: "timezone",
  companyWebsite: "company_website",
  companyLogoUrl: "company_logo_url",
  companyLinkedinUrl: "company_linkedin_url",
  companyHeadline: "company_headline",
  personalWebsite: "personal_website",
  companyIndustry: "company_industry",
  companySize: "company_size",
  firstName: "first_name",
  lastName: "last_name",
  salesNavId: "sales_nav_id",
  customId: "custom_id",
} as const satisfies Record<string, keyof LeadRow>;

/** The status a lead shows: DoNotContact when marked, else the status given, else New. */
export function displayStatus(row: LeadRow, status: string | undefined): LeadStatus {
  if (row.do_not_contact === 1) return "DoNotContact";
  return (status ?? "New") as LeadStatus;
}

export function leadRecord(row: LeadRow, status: string | undefined): LeadRecord {
  const experience = JSON.parse(row.experience_json) as LeadRecord["experience"];
  const education = JSON.parse(row.education_json) as LeadRecord["education"];
  const record: LeadRecord = {
    id: row.id,
    name: row.full_name ?? "",
    title: row.headline ?? row.job_title ?? "",
    jobTitle: row.job_title ?? "",
    company: row.company ?? "",
    score: row.score ?? 0,
    avatarUrl: row.avatar_url ?? "",
    linkedinUrl: row.linkedin_url ?? "",
    linkedin_url: row.linkedin_url ?? "",
    status: displayStatus(row, status),
    linkedinProfileEnriched: experience.length > 0 || education.length > 0,
    experience,
    education,
    doNotContact: row.do_not_contact === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  for (const [field, column] of Object.entries(OPTIONAL)) {
    const value = row[column];
    if (value !== null) (record as Record<string, unknown>)[field] = value;
  }
  return record;
}

export function searchItem(row: LeadRow): SearchItem {
  return {
    lead_id: row.id,
    avatar_url: row.avatar_url ?? "",
    name: row.full_name ?? "",
    headline: row.headline ?? "",
    company: row.company ?? "",
    job_title: row.job_title ?? "",
    score: row.score ?? 0,
    linkedin_url: row.linkedin_url ?? "",
  };
}

export async function loadLead(ctx: Ctx, leadId: string): Promise<LeadRow> {
  const row = await ctx.repos.leads.get(ctx.principal.workspaceId, leadId);
  if (!row) throw notFound("lead", leadId, "lead.search");
  return row;
}
