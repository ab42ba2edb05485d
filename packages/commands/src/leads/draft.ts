// One lead as given (an import row, a CSV line or lead.upsert input) → checked, normalised column
// values and identity keys, or the first problem found with the field at fault.
import { LEAD_TEXT_LIMITS, type LeadTextField } from "@salestouch/contracts";
import { unstorableText, withoutUnstorableText } from "@salestouch/runtime";
import type { LeadRow } from "@salestouch/store";
import { parseEmail, parseLinkedinUrl, parseSalesNavId, parseWebUrl } from "./identity.js";

/** Input field → longest accepted value: the spec's maxLength, checked here for CSV cells too. */
const TEXT_FIELDS = LEAD_TEXT_LIMITS;

export type LeadInputField = LeadTextField | "score";

/** A lead as a caller sends it; null or blank means "no value". */
export type LeadInput = { [K in LeadTextField]?: string | null } & { score?: number | string | null };

/** Columns a draft can set: everything a caller may give, never ids or bookkeeping. */
export type LeadColumn = Exclude<
  keyof LeadRow,
  "id" | "workspace_id" | "created_at" | "updated_at" | "experience_json" | "education_json" | "do_not_contact" | "last_interaction_at"
>;
export type LeadValues = { -readonly [K in LeadColumn]?: LeadRow[K] };

export interface FieldProblem {
  field: string | null;
  reason: string;
}

export type Drafted = { ok: true; values: LeadValues } | { ok: false; problem: FieldProblem };

/** Input fields copied as they are, trimmed, into the column of the same name (name → full_name). */
const PLAIN: Partial<Record<LeadTextField, LeadColumn>> = {
  first_name: "first_name",
  last_name: "last_name",
  name: "full_name",
  custom_id: "custom_id",
  company: "company",
  job_title: "job_title",
  headline: "headline",
  location: "location",
  description: "description",
  phone: "phone",
  timezone: "timezone",
  company_headline: "company_headline",
  company_industry: "company_industry",
  company_size: "company_size",
};
const TEXT_LIMITS = Object.entries(TEXT_FIELDS) as [LeadTextField, number][];
const PLAIN_ENTRIES = Object.entries(PLAIN) as [LeadTextField, LeadColumn][];
/** URL fields, and whether a bare domain ("acme.com") is accepted for each. */
const URL_FIELDS = [
  ["avatar_url", false],
  ["company_logo_url", false],
  ["company_linkedin_url", false],
  ["company_website", true],
  ["personal_website", true],
] as const;

/**
 * Every column present, undefined meaning "not given": one object shape for every draft keeps
 * property reads monomorphic, which matters at a million rows.
 */
function emptyValues(): LeadValues {
  return {
    first_name: undefined,
    last_name: undefined,
    full_name: undefined,
    email: undefined,
    email_key: undefined,
    linkedin_url: undefined,
    linkedin_key: undefined,
    sales_nav_id: undefined,
    custom_id: undefined,
    company: undefined,
    job_title: undefined,
    headline: undefined,
    location: undefined,
    description: undefined,
    phone: undefined,
    timezone: undefined,
    avatar_url: undefined,
    company_website: undefined,
    company_logo_url: undefined,
    company_linkedin_url: undefined,
    company_headline: undefined,
    personal_website: undefined,
    company_industry: undefined,
    company_size: undefined,
    score: undefined,
  };
}

function clean(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function problem(field: string | null, reason: string): Drafted {
  return { ok: false, problem: { field, reason } };
}

function parseScore(raw: number | string | null | undefined): number | null | undefined | FieldProblem {
  if (raw === undefined || raw === null) return raw;
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (text === "") return null;
  const score = Number(text);
  return Number.isFinite(score) && score >= 0 && score <= 100 ? score : { field: "score", reason: `"${text}" is not a score from 0 to 100` };
}

/** Email, LinkedIn and Sales Navigator fields → identity columns. */
function draftIdentity(input: LeadInput, values: LeadValues): FieldProblem | undefined {
  const email = clean(input.email);
  if (email === null) values.email = values.email_key = null;
  else if (email !== undefined) {
    const parsed = parseEmail(email);
    if (!parsed.ok) return { field: "email", reason: parsed.reason };
    values.email = parsed.value.email;
    values.email_key = parsed.value.key;
  }
  const salesNav = clean(input.sales_nav_id);
  if (salesNav === null) values.sales_nav_id = null;
  else if (salesNav !== undefined) {
    const parsed = parseSalesNavId(salesNav);
    if (!parsed.ok) return { field: "sales_nav_id", reason: parsed.reason };
    values.sales_nav_id = parsed.value;
  }
  const linkedin = clean(input.linkedin_url);
  if (linkedin === null) values.linkedin_url = values.linkedin_key = null;
  else if (linkedin !== undefined) {
    const parsed = parseLinkedinUrl(linkedin);
    if (!parsed.ok) return { field: "linkedin_url", reason: parsed.reason };
    if (parsed.value.kind === "profile") {
      values.linkedin_url = parsed.value.url;
      values.linkedin_key = parsed.value.key;
    } else if (values.sales_nav_id === undefined || values.sales_nav_id === null) values.sales_nav_id = parsed.value.id;
  }
  return undefined;
}

function draftUrls(input: LeadInput, values: LeadValues): FieldProblem | undefined {
  for (const [field, bareDomain] of URL_FIELDS) {
    const raw = clean(input[field]);
    if (raw === undefined || raw === null) {
      if (raw === null) values[field] = null;
      continue;
    }
    const parsed = parseWebUrl(raw, { bareDomain });
    if (!parsed.ok) return { field, reason: parsed.reason };
    values[field] = parsed.value;
  }
  return undefined;
}

export function draftLead(input: LeadInput): Drafted {
  for (const [field, max] of TEXT_LIMITS) {
    const value = input[field];
    if (typeof value !== "string") continue;
    if (value.length > max) return problem(field, `is ${value.length} characters long; at most ${max} are accepted`);
    // The text rule of the contract (runtime text.ts), for CSV cells, which reach no schema.
    const why = unstorableText(value);
    if (why !== null) return problem(field, `${why}; remove it from the cell`);
  }
  if (typeof input.score === "string" && unstorableText(input.score) !== null) return problem("score", `${unstorableText(input.score)}; remove it`);
  const values = emptyValues();
  for (const [field, column] of PLAIN_ENTRIES) {
    const value = clean(input[field]);
    if (value !== undefined) (values as Record<string, unknown>)[column] = value;
  }
  const failed = draftIdentity(input, values) ?? draftUrls(input, values);
  if (failed) return { ok: false, problem: failed };
  const score = parseScore(input.score);
  if (typeof score === "object" && score !== null) return { ok: false, problem: score };
  if (score !== undefined) values.score = score;
  return { ok: true, values };
}

/** Longest value an invalid-row report repeats. */
const SHOWN_VALUE = 200;

function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // A refused character is shown as U+FFFD: the report is stored and answered like any text.
  const text = withoutUnstorableText(String(value)).trim();
  if (text === "") return null;
  return text.length > SHOWN_VALUE ? `${text.slice(0, SHOWN_VALUE)}…` : text;
}

/** The value of the field a problem names, as the caller gave it (shortened), for reports. */
export function valueAtFault(input: LeadInput, field: string | null): string | null {
  return field === null ? null : shown((input as Record<string, unknown>)[field]);
}

/** How a row names its person, to find it in a file: the name, else an identifier, else the company. */
export function leadLabel(input: LeadInput): string | null {
  const full =
    shown(input.name) ??
    shown(
      [input.first_name, input.last_name]
        .map((part) => shown(part))
        .filter((part) => part !== null)
        .join(" "),
    );
  return full ?? shown(input.email) ?? shown(input.linkedin_url) ?? shown(input.sales_nav_id) ?? shown(input.custom_id) ?? shown(input.company);
}

export function hasIdentifier(values: LeadValues): boolean {
  return (values.email_key ?? values.linkedin_key ?? values.sales_nav_id ?? values.custom_id ?? null) !== null;
}

/** Only the columns given (undefined ones dropped), for patches. */
export function givenValues(values: LeadValues): LeadValues {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as LeadValues;
}

/** Fills the names a draft lacks from those it has (full name ↔ first word / the rest), in place. */
export function withDerivedNames(values: LeadValues): LeadValues {
  const first = values.first_name ?? null;
  const last = values.last_name ?? null;
  const full = values.full_name ?? null;
  if (full !== null && first === null && last === null) {
    const space = full.search(/\s/);
    values.first_name = space < 0 ? full : full.slice(0, space);
    values.last_name = space < 0 ? null : full.slice(space).trim().replace(/\s+/g, " ");
  } else if (full === null && (first !== null || last !== null)) {
    values.full_name = first !== null && last !== null ? `${first} ${last}` : (first ?? last);
  }
  return values;
}

export const NO_IDENTIFIER = "has no identifier: give email, linkedin_url, sales_nav_id or custom_id";
