// Lead sources (docs/lead-sources.md): the search imports do not read LinkedIn themselves; they ask
// the source a team configures — its own scraping or enrichment service — for the people of one
// search, and import what it answers under the same rules as import.leads.
import { CommandError } from "@salestouch/runtime";

export type LeadSourceName = "webhook" | "file";

/** One search as a source receives it: the URL the server built or was given, and its parts. */
export interface LeadSearch {
  command_id: "import.linkedin.search" | "import.sales_nav.filters";
  /** The LinkedIn or Sales Navigator people-search URL; what file sources are keyed by. */
  search_url: string;
  keywords: string | null;
  /** The normalised Sales Navigator filters (import.sales_nav.filters), else null. */
  filters: unknown[] | null;
  /** People wanted at most; a source that answers more is cut to it. */
  limit: number;
}

export interface LeadSourceAnswer {
  /** The people, each an object of lead fields; checked and counted by the import. */
  people: unknown[];
}

export interface LeadSource {
  readonly name: LeadSourceName;
  search(request: { workspaceId: string; search: LeadSearch }): Promise<LeadSourceAnswer>;
}

/** The lead-source failures: the source is the fault (retry later or fix it), never the caller's input. */
export const SOURCE_FAILED_PREFIX = "the lead source failed; nothing was imported: ";

export function sourceFailed(message: string, hint?: string): CommandError {
  return new CommandError("source_failed", `${SOURCE_FAILED_PREFIX}${message}`, hint ? { hint } : {});
}

/** A process without SALESTOUCH_LEAD_SOURCE: every search import answers source_not_configured. */
export const noLeadSource: LeadSource & { configured: false } = {
  name: "webhook",
  configured: false,
  search(): Promise<LeadSourceAnswer> {
    throw new CommandError(
      "source_not_configured",
      "no lead source is configured on this server, so search imports cannot fetch people; nothing was imported",
    );
  },
};

export function isConfigured(source: LeadSource): boolean {
  return (source as { configured?: boolean }).configured !== false;
}

/** The answer's people, or a source_failed naming what is wrong with the answer. */
export function peopleOf(answer: unknown, where: string): unknown[] {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) throw sourceFailed(`${where} is not a JSON object`);
  const people = (answer as { people?: unknown }).people;
  if (!Array.isArray(people)) throw sourceFailed(`${where} has no "people" array`);
  const bad = people.findIndex((p) => typeof p !== "object" || p === null || Array.isArray(p));
  if (bad !== -1) throw sourceFailed(`${where}: people[${bad}] is not an object of lead fields`);
  return people;
}
