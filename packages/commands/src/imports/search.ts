// import.linkedin.search and import.sales_nav.filters — spec/commands/import.linkedin.search.json,
// spec/commands/import.sales_nav.filters.json. Each call is planned from its input alone (the
// search URL and its normalised parts), then:
// - the gatherer, outside any transaction: checks the mission, answers already_exists without
//   asking anyone, else asks the configured lead source for the people (handler.ts Gatherer);
// - the handler, in the command's transaction: checks again and imports the people with the same
//   ImportRun as import.leads, so identity, de-duplication, counts and atomicity are one.
import { LEAD_TEXT_LIMITS, type CommandTypes } from "@salestouch/contracts";
import { canonicalJson, CommandError, type GatherContext, type Handler, nodeCrypto, type Preview as PreviewOf } from "@salestouch/runtime";
import type { Repositories } from "@salestouch/store";
import type { Ctx, In, Out } from "../context.js";
import type { LeadInput } from "../leads/draft.js";
import { isConfigured, type LeadSearch, type LeadSource } from "../sources/lead-source.js";
import type { ImportProgressBoard } from "./progress.js";
import { activeMission, earlierImport, ImportRun } from "./run.js";
import { keywordSearchUrl, linkedinSearchUrl, normaliseFilters, salesNavSearchUrl, type SalesNavFilter } from "./search-url.js";

type SearchCommand = "import.linkedin.search" | "import.sales_nav.filters";

interface Plan {
  search: LeadSearch;
  name: string;
  type: "linkedin" | "sales_navigator";
  context: string | null | undefined;
  /** generated_search_params of import.sales_nav.filters. */
  params: { filters: SalesNavFilter[]; keywords: string | null } | null;
  sourceHash: string;
}

/** What the gatherer hands the handler. */
type Gathered = { kind: "earlier" } | { kind: "people"; people: unknown[] };

const NAME_MAX = 200;
/** The fields a person of a lead source may carry: those of an import.leads row. */
const LEAD_FIELDS = new Set<string>([...Object.keys(LEAD_TEXT_LIMITS), "score"]);

function hashOf(searchUrl: string): string {
  // The same search is the same source, whatever the import is called or how many people it asks for.
  return nodeCrypto()
    .createHash("sha256")
    .update(canonicalJson({ kind: "search", search_url: searchUrl }))
    .digest("hex");
}

function named(given: string | undefined, fallback: string): string {
  const name = given?.trim() || fallback;
  return name.length > NAME_MAX ? `${name.slice(0, NAME_MAX - 1)}…` : name;
}

function planLinkedinSearch(input: In<"import.linkedin.search">): Plan {
  const keywords = input.keywords?.replace(/\s+/g, " ").trim();
  if ((input.search_url === undefined) === (keywords === undefined)) {
    throw new CommandError("invalid_input", "import.linkedin.search needs exactly one of search_url and keywords", {
      details: [
        {
          path: input.search_url === undefined ? "/search_url" : "/keywords",
          message: "give a LinkedIn people-search URL as search_url, or keywords, not both",
        },
      ],
    });
  }
  const searchUrl = keywords !== undefined ? keywordSearchUrl(keywords) : linkedinSearchUrl(input.search_url!);
  const limit = input.limit ?? 100;
  return {
    search: { command_id: "import.linkedin.search", search_url: searchUrl, keywords: keywords ?? null, filters: null, limit },
    name: named(input.name, keywords !== undefined ? `LinkedIn search: ${keywords}` : "LinkedIn search"),
    type: searchUrl.includes("/sales/") ? "sales_navigator" : "linkedin",
    context: input.context,
    params: null,
    sourceHash: hashOf(searchUrl),
  };
}

function planSalesNavSearch(input: In<"import.sales_nav.filters">): Plan {
  const filters = normaliseFilters(input.filters);
  const keywords = input.keywords?.replace(/\s+/g, " ").trim() ?? null;
  const searchUrl = salesNavSearchUrl(filters, keywords);
  const limit = input.limit ?? 100;
  return {
    search: { command_id: "import.sales_nav.filters", search_url: searchUrl, keywords, filters, limit },
    name: named(input.name, "Sales Navigator search"),
    type: "sales_navigator",
    context: input.context,
    params: { filters, keywords },
    sourceHash: hashOf(searchUrl),
  };
}

const PLANS = { "import.linkedin.search": planLinkedinSearch, "import.sales_nav.filters": planSalesNavSearch } as const;
const plan = (id: SearchCommand, input: unknown): Plan => PLANS[id](input as never);

/** Only the lead fields of a person, each a string (or a number for score); anything else is left out and named. */
function leadOf(person: Record<string, unknown>, dropped: Set<string>): LeadInput {
  const lead: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(person)) {
    const known = LEAD_FIELDS.has(field);
    if (known && (value === null || typeof value === "string" || (field === "score" && typeof value === "number"))) lead[field] = value;
    else dropped.add(known ? `${field} (not a string)` : field);
  }
  return lead as LeadInput;
}

/** The gatherer: outside the transaction, so a slow source never holds the database. */
export function gatherSearch(id: SearchCommand, source: LeadSource) {
  return async (input: unknown, ctx: GatherContext<Repositories>): Promise<Gathered> => {
    const planned = plan(id, input);
    const missionId = (input as { mission_id: string }).mission_id;
    const earlier = await ctx.read(async (repos) => {
      const mission = await activeMission({ repos, principal: ctx.principal } as Ctx, missionId);
      return (await repos.imports.findBySource(ctx.principal.workspaceId, mission.id, planned.sourceHash)) !== undefined;
    });
    if (earlier) return { kind: "earlier" };
    if (!isConfigured(source)) throw notConfigured();
    const started = Date.now();
    const answer = await source.search({ workspaceId: ctx.principal.workspaceId, search: planned.search });
    ctx.logger.info("lead source answered", { command_id: id, lead_source: source.name, people: answer.people.length, ms: Date.now() - started });
    return { kind: "people", people: answer.people };
  };
}

function notConfigured(): CommandError {
  return new CommandError(
    "source_not_configured",
    "no lead source is configured on this server (SALESTOUCH_LEAD_SOURCE), so search imports cannot fetch people; nothing was imported",
  );
}

export function importSearch<K extends SearchCommand>(id: K, source: LeadSource, board: ImportProgressBoard): Handler<K, Repositories> {
  return async (input: In<K>, ctx: Ctx): Promise<Out<K>> => {
    const planned = plan(id, input);
    const extra = planned.params ? { generated_search_url: planned.search.search_url, generated_search_params: planned.params } : {};
    const mission = await activeMission(ctx, input.mission_id);
    const earlier = await earlierImport(ctx, mission, planned.sourceHash);
    if (earlier) return { ...earlier, ...extra } as Out<K>;
    const gathered = ctx.gathered as Gathered;
    if (gathered.kind === "earlier") {
      throw new CommandError("conflict", "the earlier import of this search changed while the call ran; call again", { hint: "Call it again." });
    }
    let people = gathered.people;
    if (people.length > planned.search.limit) {
      ctx.warn(
        `the lead source answered ${people.length} people for a limit of ${planned.search.limit}; the first ${planned.search.limit} were imported`,
      );
      people = people.slice(0, planned.search.limit);
    }
    const run = await ImportRun.start(
      ctx,
      mission,
      {
        missionId: mission.id,
        name: planned.name,
        type: planned.type,
        sourceUrl: planned.search.search_url,
        context: planned.context,
        metadata: { lead_source: source.name, search: planned.params ?? { keywords: planned.search.keywords }, limit: planned.search.limit },
        sourceHash: planned.sourceHash,
        sourceFit: input.source_fit,
        intentSignal: input.intent_signal,
        freshness: input.freshness,
      },
      { board, source: "lead_source" },
    );
    const dropped = new Set<string>();
    try {
      for (const [index, person] of people.entries()) await run.add(index + 1, leadOf(person as Record<string, unknown>, dropped));
      if (dropped.size > 0) ctx.warn(`ignored fields of the lead source's people that are not lead fields: ${[...dropped].slice(0, 10).join(", ")}`);
      return { ...(await run.finish(null)), ...extra } as Out<K>;
    } finally {
      run.close();
    }
  };
}

type Preview<K extends SearchCommand> = CommandTypes[K]["approval_output"];

/** What approving would do; a server without a lead source refuses at once instead of holding a call that cannot run. */
export function previewSearch<K extends SearchCommand>(id: K, source: LeadSource): PreviewOf<K, Repositories> {
  return async (input: In<K>, ctx: Ctx): Promise<Preview<K>> => {
    const planned = plan(id, input);
    const mission = await activeMission(ctx, input.mission_id);
    if (!isConfigured(source)) throw notConfigured();
    return {
      mission: { id: mission.id, name: mission.name },
      import_name: planned.name,
      import_type: planned.type,
      search_url: planned.search.search_url,
      limit: planned.search.limit,
      lead_source: source.name,
      ...(planned.params ? { search_params: planned.params } : {}),
    } as Preview<K>;
  };
}
