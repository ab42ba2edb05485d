// The file lead source, for development and demos (docs/lead-sources.md): one local JSON file of
// results keyed by search URL — {"<search_url>": [person, …]} — read again on every search, so it
// can be edited while the server runs.
import { peopleOf, sourceFailed, type LeadSearch, type LeadSource, type LeadSourceAnswer } from "./lead-source.js";

export function fileLeadSource(options: { path: string }): LeadSource {
  return {
    name: "file",
    async search({ search }: { search: LeadSearch }): Promise<LeadSourceAnswer> {
      let text: string;
      try {
        text = await process.getBuiltinModule("node:fs/promises").readFile(options.path, "utf8");
      } catch (error) {
        throw sourceFailed(`SALESTOUCH_LEAD_SOURCE_FILE ${options.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      }
      let results: unknown;
      try {
        results = JSON.parse(text);
      } catch {
        throw sourceFailed(`SALESTOUCH_LEAD_SOURCE_FILE ${options.path} is not JSON`);
      }
      if (typeof results !== "object" || results === null || Array.isArray(results))
        throw sourceFailed(`SALESTOUCH_LEAD_SOURCE_FILE ${options.path} is not a JSON object keyed by search URL`);
      const people = (results as Record<string, unknown>)[search.search_url];
      if (people === undefined) {
        throw sourceFailed(
          `SALESTOUCH_LEAD_SOURCE_FILE ${options.path} has no results for ${search.search_url}`,
          "Add the search URL as a key with an array of people, as docs/lead-sources.md shows.",
        );
      }
      return { people: peopleOf({ people }, `the results for ${search.search_url}`) };
    },
  };
}
