// CSV header → lead field: common export headers map themselves (case, accents, spaces and
// punctuation ignored); an explicit `columns` mapping wins.
import { CommandError } from "@salestouch/runtime";
import type { LeadInputField } from "../leads/draft.js";

const ALIASES: Record<LeadInputField, readonly string[]> = {
  first_name: ["firstname", "first", "givenname", "forename", "prenom"],
  last_name: ["lastname", "last", "surname", "familyname", "nom", "nomdefamille"],
  name: ["name", "fullname", "contactname", "leadname", "personname", "contact", "nomcomplet"],
  email: ["email", "emailaddress", "mail", "workemail", "professionalemail", "businessemail", "personemail", "contactemail", "courriel", "emailpro"],
  linkedin_url: [
    "linkedinurl",
    "linkedin",
    "linkedinprofile",
    "linkedinprofileurl",
    "profileurl",
    "personlinkedinurl",
    "publicprofileurl",
    "linkedinpublicurl",
    "profilelink",
    "linkedinlink",
  ],
  sales_nav_id: [
    "salesnavid",
    "salesnavigatorid",
    "salesnavigatorurl",
    "salesnavurl",
    "salesnavigatorprofileurl",
    "salesnavigatorleadurl",
    "salesnavleadurl",
  ],
  custom_id: ["customid", "externalid", "crmid", "recordid", "contactid", "leadid"],
  company: [
    "company",
    "companyname",
    "organization",
    "organisation",
    "account",
    "accountname",
    "currentcompany",
    "employer",
    "entreprise",
    "societe",
  ],
  job_title: ["title", "jobtitle", "position", "role", "currentposition", "currenttitle", "currentjobtitle", "poste", "fonction"],
  headline: ["headline", "linkedinheadline", "profileheadline"],
  location: ["location", "personlocation", "city", "locality", "geography", "region", "localisation"],
  description: ["description", "summary", "about", "bio", "notes"],
  phone: ["phone", "phonenumber", "mobile", "mobilephone", "telephone", "workphone"],
  timezone: ["timezone", "tz"],
  avatar_url: ["avatarurl", "avatar", "profilepicture", "profilepictureurl", "profilephoto", "photourl", "pictureurl", "imageurl", "profileimageurl"],
  company_website: ["companywebsite", "website", "companyurl", "companydomain", "domain", "websiteurl", "companywebsiteurl"],
  company_logo_url: ["companylogourl", "companylogo", "logo", "logourl"],
  company_linkedin_url: ["companylinkedinurl", "companylinkedin", "companylinkedinprofile", "companyprofileurl"],
  company_headline: ["companyheadline", "companytagline", "companydescription"],
  personal_website: ["personalwebsite", "personalurl", "blog"],
  company_industry: ["industry", "companyindustry", "sector", "secteur"],
  company_size: ["companysize", "employees", "headcount", "employeecount", "numberofemployees", "companyheadcount", "size"],
  score: ["score", "leadscore", "fitscore"],
};

const FIELD_BY_ALIAS = new Map<string, LeadInputField>(
  (Object.entries(ALIASES) as [LeadInputField, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((a) => [a, field] as const)),
);
const IDENTIFIERS: readonly LeadInputField[] = ["email", "linkedin_url", "sales_nav_id", "custom_id"];

export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

export interface ColumnMapping {
  /** The lead field each column feeds, by column index; undefined for ignored columns. */
  fields: (LeadInputField | undefined)[];
  /** Lead field → header, as reported in the result. */
  columns: Record<string, string>;
  ignored: string[];
}

function findHeader(header: readonly string[], wanted: string): number {
  const exact = header.findIndex((h) => h.trim() === wanted.trim());
  return exact >= 0 ? exact : header.findIndex((h) => normaliseHeader(h) === normaliseHeader(wanted));
}

export function mapColumns(header: readonly string[], explicit: Partial<Record<LeadInputField, string>> = {}): ColumnMapping {
  const fields: (LeadInputField | undefined)[] = header.map(() => undefined);
  const listed = header.map((h) => `"${h}"`).join(", ");
  for (const [field, wanted] of Object.entries(explicit) as [LeadInputField, string][]) {
    const index = findHeader(header, wanted);
    if (index < 0) {
      throw new CommandError("invalid_input", `columns.${field} names "${wanted}", which is not a column of this CSV`, {
        details: [{ path: `/columns/${field}`, message: `no CSV column is named "${wanted}"; the header has ${listed}` }],
      });
    }
    fields[index] = field;
  }
  const mapped = new Set(fields.filter(Boolean));
  header.forEach((h, index) => {
    const field = FIELD_BY_ALIAS.get(normaliseHeader(h));
    if (fields[index] === undefined && field !== undefined && !mapped.has(field)) {
      fields[index] = field;
      mapped.add(field);
    }
  });
  if (!IDENTIFIERS.some((f) => mapped.has(f))) {
    throw new CommandError("invalid_input", "no CSV column maps to an identifier (email, linkedin_url, sales_nav_id or custom_id)", {
      details: [{ path: "/columns", message: `map one explicitly, e.g. {"email": "<header>"}; the header has ${listed}` }],
    });
  }
  const columns: Record<string, string> = {};
  fields.forEach((field, index) => {
    if (field) columns[field] = header[index]!;
  });
  const ignored = header.filter((h, index) => fields[index] === undefined && h.trim() !== "");
  return { fields, columns, ignored };
}
