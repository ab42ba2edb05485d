// The search URLs of the search imports (docs/lead-sources.md "Search URLs"): a LinkedIn people
// search given by URL or keywords, and a Sales Navigator people search built from structured
// filters in the Rest.li query encoding Sales Navigator's own URLs use. Both deterministic: the
// same search gives the same URL, which is what a file source is keyed by and what makes a second
// import of the same search into the same mission already_exists.
import { CommandError } from "@salestouch/runtime";

export type SelectionType = "INCLUDED" | "EXCLUDED";

interface FilterValue {
  id?: string;
  text?: string;
  selection_type: SelectionType;
}

export interface SalesNavFilter {
  type: string;
  values: FilterValue[];
}

const YEARS = { "1": "Less than 1 year", "2": "1 to 2 years", "3": "3 to 5 years", "4": "6 to 10 years", "5": "More than 10 years" };

/** How each known filter type's values are identified: a fixed code list, a numeric id, an entity, or free text. */
type Rule = { codes: Record<string, string>; what: string } | { numeric: string } | { entity: true } | { text: true } | { company: true };

export const FILTER_RULES: Record<string, Rule> = {
  COMPANY_HEADCOUNT: {
    what: "company headcount code A-I",
    codes: {
      A: "Self-employed",
      B: "1-10",
      C: "11-50",
      D: "51-200",
      E: "201-500",
      F: "501-1,000",
      G: "1,001-5,000",
      H: "5,001-10,000",
      I: "10,001+",
    },
  },
  SENIORITY_LEVEL: {
    what: "seniority id 1-10",
    codes: {
      "1": "Unpaid",
      "2": "Training",
      "3": "Entry",
      "4": "Senior",
      "5": "Manager",
      "6": "Director",
      "7": "VP",
      "8": "CXO",
      "9": "Partner",
      "10": "Owner",
    },
  },
  YEARS_AT_CURRENT_COMPANY: { what: "years code 1-5", codes: YEARS },
  YEARS_IN_CURRENT_POSITION: { what: "years code 1-5", codes: YEARS },
  YEARS_OF_EXPERIENCE: { what: "years code 1-5", codes: YEARS },
  CONNECTION: {
    what: "connection degree F, S or O",
    codes: { F: "1st degree connections", S: "2nd degree connections", O: "3rd+ degree connections" },
  },
  CURRENT_COMPANY: { company: true },
  PAST_COMPANY: { company: true },
  FUNCTION: { numeric: "function id" },
  INDUSTRY: { numeric: "industry id" },
  REGION: { numeric: "geographic region id" },
  COMPANY_HEADQUARTERS: { numeric: "geographic region id" },
  SCHOOL: { entity: true },
  GROUP: { entity: true },
  COMPANY_TYPE: { entity: true },
  PROFILE_LANGUAGE: { entity: true },
  CURRENT_TITLE: { text: true },
  PAST_TITLE: { text: true },
  FIRST_NAME: { text: true },
  LAST_NAME: { text: true },
  POSTAL_CODE: { text: true },
};

const FILTER_TYPES = Object.keys(FILTER_RULES);

interface Problem {
  path: string;
  message: string;
}

function clean(text: string | undefined): string | undefined {
  const value = text?.replace(/\s+/g, " ").trim();
  return value === "" ? undefined : value;
}

function checkValue(rule: Rule, raw: { id?: string; text?: string }, path: string, problems: Problem[]): { id?: string; text?: string } | null {
  const id = clean(raw.id);
  const text = clean(raw.text);
  if ("codes" in rule) {
    const code = id?.toUpperCase();
    if (code === undefined || !Object.hasOwn(rule.codes, code)) {
      const list = Object.entries(rule.codes)
        .map(([c, label]) => `${c} (${label})`)
        .join(", ");
      problems.push({ path: `${path}/id`, message: `${id === undefined ? "is missing" : `"${id}" is not a ${rule.what}`}: use one of ${list}` });
      return null;
    }
    return { id: code, text: text ?? rule.codes[code] };
  }
  if ("numeric" in rule) {
    if (id !== undefined && !/^\d{1,19}$/.test(id)) {
      problems.push({ path: `${path}/id`, message: `"${id}" is not a ${rule.numeric}: a whole number, as in Sales Navigator's URLs` });
      return null;
    }
  }
  if ("company" in rule && id !== undefined) {
    const match = /^(?:urn:li:organization:)?(\d{1,19})$/.exec(id);
    if (!match) {
      problems.push({ path: `${path}/id`, message: `"${id}" is not a company id: use the number or urn:li:organization:<number>` });
      return null;
    }
    return { id: `urn:li:organization:${match[1]}`, text };
  }
  if ("text" in rule) {
    if (text === undefined) {
      problems.push({ path: `${path}/text`, message: "is missing: this filter matches a text, e.g. a job title" });
      return null;
    }
    return { id, text };
  }
  if (id === undefined && text === undefined) {
    problems.push({ path, message: "needs an id or a text" });
    return null;
  }
  return { id, text };
}

/** Code-point order: the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** INCLUDED values first, then by id, then by text. */
const byValue = (a: FilterValue, b: FilterValue) =>
  compare(a.selection_type === "INCLUDED" ? "0" : "1", b.selection_type === "INCLUDED" ? "0" : "1") ||
  compare(a.id ?? "", b.id ?? "") ||
  compare(a.text ?? "", b.text ?? "");

/**
 * Checks the filters (known types, valid codes) and returns them normalised: types in alphabetical
 * order, one entry per type (values of a repeated type merged), values de-duplicated and sorted,
 * codes upper-case with their label as text when none was given, company ids as URNs.
 */
export function normaliseFilters(
  filters: readonly { type: string; values: readonly { id?: string; text?: string; selection_type?: SelectionType }[] }[],
): SalesNavFilter[] {
  const problems: Problem[] = [];
  const merged = new Map<string, Map<string, FilterValue>>();
  filters.forEach((filter, f) => {
    const rule = FILTER_RULES[filter.type];
    if (!rule) {
      problems.push({ path: `/filters/${f}/type`, message: `"${filter.type}" is not a known filter type: use one of ${FILTER_TYPES.join(", ")}` });
      return;
    }
    const values = merged.get(filter.type) ?? new Map<string, FilterValue>();
    merged.set(filter.type, values);
    filter.values.forEach((raw, v) => {
      const checked = checkValue(rule, raw, `/filters/${f}/values/${v}`, problems);
      if (!checked) return;
      const value: FilterValue = { ...checked, selection_type: raw.selection_type ?? "INCLUDED" };
      if (value.id === undefined) delete value.id;
      if (value.text === undefined) delete value.text;
      const identity = value.id ?? `text:${value.text!.toLowerCase()}`;
      const earlier = values.get(identity);
      if (earlier && earlier.selection_type !== value.selection_type) {
        problems.push({ path: `/filters/${f}/values/${v}`, message: `is both INCLUDED and EXCLUDED in ${filter.type}; keep one` });
        return;
      }
      if (!earlier) values.set(identity, value);
    });
  });
  if (problems.length > 0) {
    throw new CommandError(
      "invalid_input",
      `import.sales_nav.filters input is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join("; ")}`,
      {
        details: problems,
        hint: "Fix the filters listed; docs/lead-sources.md lists every filter type and its codes.",
      },
    );
  }
  return [...merged.entries()]
    .filter(([, values]) => values.size > 0)
    .sort(([a], [b]) => compare(a, b))
    .map(([type, values]) => ({ type, values: [...values.values()].sort(byValue) }));
}

/** A string value in Rest.li's URL encoding: percent-encoded, the reserved ( ) , : ' included. */
export function restliString(text: string): string {
  return encodeURIComponent(text).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The Rest.li query: (filters:List((type:T,values:List((id:…,text:…,selectionType:INCLUDED)))),keywords:…). */
export function salesNavQuery(filters: readonly SalesNavFilter[], keywords: string | null): string {
  const value = (v: FilterValue) =>
    `(${[
      v.id !== undefined ? `id:${restliString(v.id)}` : null,
      v.text !== undefined ? `text:${restliString(v.text)}` : null,
      `selectionType:${v.selection_type}`,
    ]
      .filter((part) => part !== null)
      .join(",")})`;
  const list = filters.map((f) => `(type:${f.type},values:List(${f.values.map(value).join(",")}))`).join(",");
  const parts = [filters.length > 0 ? `filters:List(${list})` : null, keywords !== null ? `keywords:${restliString(keywords)}` : null];
  return `(${parts.filter((p) => p !== null).join(",")})`;
}

/** The Sales Navigator people-search URL: the query, URL-encoded once more as its parameter. */
export function salesNavSearchUrl(filters: readonly SalesNavFilter[], keywords: string | null): string {
  return `https://www.linkedin.com/sales/search/people?query=${encodeURIComponent(salesNavQuery(filters, keywords))}`;
}

const LINKEDIN_HOST = /^(?:www\.|[a-z]{2}\.)?linkedin\.com$/i;
const PEOPLE_SEARCH = /^\/(?:search\/results\/people|sales\/search\/people)\/?$/;
/** Parameters that only say where a search was opened from, never what it finds. */
const NOISE = ["sid", "_ntb", "trk", "origin"];

/**
 * A LinkedIn people-search URL, normalised (https, www.linkedin.com, no fragment, no tracking
 * parameters), or invalid_input naming what is wrong.
 */
export function linkedinSearchUrl(text: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text.trim());
  } catch {
    url = null;
  }
  const fail = (why: string) =>
    new CommandError("invalid_input", `search_url ${why}`, {
      details: [
        {
          path: "/search_url",
          message: `${why}: give a LinkedIn people search (https://www.linkedin.com/search/results/people/?keywords=… or a Sales Navigator https://www.linkedin.com/sales/search/people?query=…), or keywords instead`,
        },
      ],
    });
  if (!url || !["http:", "https:"].includes(url.protocol)) throw fail("is not an http(s) URL");
  if (!LINKEDIN_HOST.test(url.hostname)) throw fail(`is not on linkedin.com (${url.hostname})`);
  if (!PEOPLE_SEARCH.test(url.pathname)) throw fail(`is not a people search (${url.pathname})`);
  url.protocol = "https:";
  url.hostname = "www.linkedin.com";
  url.port = "";
  url.hash = "";
  url.username = "";
  url.password = "";
  // The query as given, byte for byte, less the noise: re-encoding it would change a Rest.li query.
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "" && !NOISE.includes(pair.split("=", 1)[0]!));
  url.search = kept.length > 0 ? `?${kept.join("&")}` : "";
  return url.toString();
}

/** The LinkedIn people search for some keywords. */
export function keywordSearchUrl(keywords: string): string {
  return `https://www.linkedin.com/search/results/people/?keywords=${encodeURIComponent(keywords)}`;
}
