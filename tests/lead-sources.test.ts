// The search imports against a real lead-source service on loopback HTTP (docs/lead-sources.md),
// on both dialects: signed searches answered at once or through signed callbacks in pages, the
// same search into the same mission answered already_exists without asking again, and every way a
// source can fail — wrong or missing signature, garbage, HTTP 500, too slow, an error callback —
// answered source_failed with nothing written. The approval path holds the call without asking the
// source, and a person's approval asks it and imports. A server without a source answers
// source_not_configured (REST and the CLI in local mode).
import { createClient, type SalesTouchClient } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox } from "./helpers/cli.js";
import { data } from "./helpers/envelope.js";
import { freePort, sign, startLeadSource, type LeadSourceServer } from "./helpers/lead-source-server.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const SECRET = "lead-source-secret-0123456789";
const TIMEOUT_MS = 1500;

const people = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Person ${tag} ${i}`,
    email: `p${i}.${tag}@source.example`,
    company: `Company ${i}`,
    job_title: "CFO",
  }));

describe.each(DIALECTS)("lead sources on %s", (dialect) => {
  let server: TestServer;
  let source: LeadSourceServer;
  let client: SalesTouchClient;
  let workspaces = 0;

  beforeAll(async () => {
    source = await startLeadSource(SECRET);
    const port = await freePort();
    server = await startTestServer({
      dialect,
      port,
      env: {
        SALESTOUCH_LEAD_SOURCE: "webhook",
        SALESTOUCH_LEAD_SOURCE_URL: source.url,
        SALESTOUCH_LEAD_SOURCE_SECRET: SECRET,
        SALESTOUCH_LEAD_SOURCE_TIMEOUT: `${TIMEOUT_MS}ms`,
        SALESTOUCH_LEAD_SOURCE_CALLBACK_URL: `http://127.0.0.1:${port}/api/v1/lead-sources/callback`,
      },
    });
    // No client retries: each call below is one search of the source.
    client = createClient({ baseUrl: server.url, apiKey: server.key, retry: false });
  });
  afterAll(async () => {
    await server?.stop();
    await source?.close();
  });

  async function newMission(): Promise<string> {
    return data(await client.run("mission.create", { name: `Lead source ${dialect} ${++workspaces}` })).mission.id;
  }

  /** Nothing of a failed search was written: no import in the mission, no lead in it, no lead anywhere with the source's e-mails. */
  async function nothingWritten(missionId: string, tag: string): Promise<void> {
    expect(data(await client.run("import.list", { mission_id: missionId })).imports).toEqual([]);
    expect(data(await client.run("mission.get", { mission_id: missionId })).mission.stats.leads).toBe(0);
    expect(data(await client.run("lead.search", { query: `${tag}@source.example` })).leads).toEqual([]);
  }

  function failed(envelope: Envelope, code: string, text: string): void {
    expect(envelope.ok, JSON.stringify(envelope)).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe(code);
    expect(envelope.error.message).toContain(text);
    expect(envelope.error.hint.length).toBeGreaterThan(10);
  }

  it("imports a LinkedIn keyword search answered at once, signed both ways; the same search again is already_exists without asking", async () => {
    const missionId = await newMission();
    source.behave(() => ({
      kind: "answer",
      people: [...people(3, "sync"), { name: "No Identifier" }, { email: "p0.sync@source.example", extra: 1 }],
    }));
    const before = source.searches.length;
    const envelope = await client.runAny("import.linkedin.search", { mission_id: missionId, keywords: "cfo  fintech", limit: 10, context: "Q3" });
    const result = data(envelope) as Record<string, unknown>;
    expect(result).toMatchObject({
      import_type: "linkedin",
      import_name: "LinkedIn search: cfo fintech",
      created_count: 3,
      invalid_count: 1,
      skipped_count: 1,
      row_count: 5,
      already_exists: false,
      mission: { id: missionId },
    });
    expect(envelope.meta.warnings.join(" ")).toContain("not lead fields: extra");
    expect(source.searches.length).toBe(before + 1);
    const search = source.searches.at(-1)!;
    expect(search.signatureValid).toBe(true);
    expect(search.headers["x-salestouch-delivery"]).toBe(search.body.id);
    expect(search.body).toMatchObject({
      type: "lead_source.search",
      search: {
        command_id: "import.linkedin.search",
        search_url: "https://www.linkedin.com/search/results/people/?keywords=cfo%20fintech",
        keywords: "cfo fintech",
        filters: null,
        limit: 10,
      },
      callback_url: expect.stringContaining("/api/v1/lead-sources/callback"),
    });
    const detail = data(await client.run("import.get", { import_id: result.import_id as string }));
    expect(detail.source_url).toBe("https://www.linkedin.com/search/results/people/?keywords=cfo%20fintech");
    expect(detail.context).toBe("Q3");

    // The same search (given as its URL this time) into the same mission: the earlier import, no new search.
    const again = data(
      await client.runAny("import.linkedin.search", {
        mission_id: missionId,
        search_url: "https://fr.linkedin.com/search/results/people/?keywords=cfo%20fintech&origin=SWITCH_SEARCH_VERTICAL",
      }),
    ) as Record<string, unknown>;
    expect(again).toMatchObject({ import_id: result.import_id, already_exists: true, created_count: 3 });
    expect(source.searches.length).toBe(before + 1);
  });

  it("imports a Sales Navigator filter search: the source gets the generated URL and the normalised filters", async () => {
    const missionId = await newMission();
    source.behave(() => ({ kind: "answer", people: people(2, "salesnav") }));
    const result = data(
      await client.runAny("import.sales_nav.filters", {
        mission_id: missionId,
        filters: [
          { type: "COMPANY_HEADCOUNT", values: [{ id: "c" }] },
          { type: "CURRENT_TITLE", values: [{ text: "Directeur financier (DAF), Île-de-France" }] },
        ],
        limit: 5,
      }),
    ) as Record<string, unknown>;
    expect(result).toMatchObject({ import_type: "sales_navigator", created_count: 2, already_exists: false });
    const search = source.searches.at(-1)!;
    expect(search.body.search.search_url).toBe(result.generated_search_url);
    expect(search.body.search.filters).toEqual((result.generated_search_params as { filters: unknown[] }).filters);
    expect(result.generated_search_url).toContain("text%3ADirecteur%2520financier%2520%2528DAF%2529%252C%2520%25C3%258Ele-de-France");
  });

  it("waits for a 202 search's signed callbacks, page by page, and imports them all as one import", async () => {
    const missionId = await newMission();
    source.behave(() => ({ kind: "callback", pages: [people(2, "page-a"), people(3, "page-b")] }));
    const callbacksBefore = source.callbacks.length;
    const result = data(await client.runAny("import.linkedin.search", { mission_id: missionId, keywords: "async pages" })) as Record<string, unknown>;
    expect(result).toMatchObject({ created_count: 5, row_count: 5 });
    expect(source.callbacks.slice(callbacksBefore).map((c) => c.status)).toEqual([204, 204]);
  });

  it("stores the import signals of both search imports and scores their leads with them, as import.leads does", async () => {
    const own = await server.clientFor(`lead-signals-${dialect}`);
    const run = async (id: string, input: object) => data(await own.client.runAny(id as never, input as never)) as Record<string, unknown>;
    await run("scoring.profile.update", { patterns: [{ pattern: "cfo", weight: 2 }] });
    const missionId = ((await run("mission.create", { name: "Signals" })).mission as { id: string }).id;
    const explanation = async (importId: string): Promise<string> => {
      const leads = (await run("import.leads.list", { import_id: importId })).leads as { id: string }[];
      expect(leads.length).toBe(2);
      const lead = (await run("lead.get", { lead_id: leads[0]!.id, mission_id: missionId })) as {
        prospect_context: { missions: { score_explanation: string[] }[] };
      };
      return lead.prospect_context.missions[0]!.score_explanation.join("\n");
    };
    source.behave(() => ({ kind: "answer", people: people(2, "signals-li") }));
    const linkedin = await run("import.linkedin.search", { mission_id: missionId, keywords: "signals", source_fit: 90, intent_signal: 50 });
    expect(linkedin).toMatchObject({ created_count: 2, already_exists: false });
    expect(await explanation(linkedin.import_id as string)).toContain("provenance 70/100");
    source.behave(() => ({ kind: "answer", people: people(2, "signals-sn") }));
    const salesNav = await run("import.sales_nav.filters", {
      mission_id: missionId,
      filters: [{ type: "SENIORITY_LEVEL", values: [{ id: "8" }] }],
      freshness: 40,
    });
    expect(salesNav).toMatchObject({ created_count: 2 });
    expect(await explanation(salesNav.import_id as string)).toContain("provenance 40/100");
    // Out of range is refused by name before the source is asked.
    const before = source.searches.length;
    const refused = await own.client.runAny("import.linkedin.search", { mission_id: missionId, keywords: "signals 2", intent_signal: 101 } as never);
    expect(refused.ok ? null : refused.error.code).toBe("invalid_input");
    expect(JSON.stringify(refused)).toContain("intent_signal");
    expect(source.searches.length).toBe(before);
  });

  it("cuts an answer longer than limit, with a warning", async () => {
    const missionId = await newMission();
    source.behave(() => ({ kind: "answer", people: people(7, "many") }));
    const envelope = await client.runAny("import.linkedin.search", { mission_id: missionId, keywords: "too many", limit: 4 });
    expect(data(envelope)).toMatchObject({ created_count: 4, row_count: 4 });
    expect(envelope.meta.warnings.join(" ")).toContain("answered 7 people for a limit of 4");
  });

  it.each([
    ["an answer signed with another secret", { kind: "answer", people: people(2, "badsig"), signWith: "another-secret-0123456789" }, "not signed"],
    ["an unsigned answer", { kind: "answer", people: people(2, "unsigned"), signWith: null }, "not signed"],
    ["garbage", { kind: "answer", people: [], body: "<html>oops" }, "not JSON"],
    ["a wrong shape", { kind: "answer", people: [], body: '{"leads": []}' }, 'its answer\'s "id"'],
    ["HTTP 500", { kind: "status", status: 500 }, "HTTP 500"],
    ["no answer in time", { kind: "slow", ms: TIMEOUT_MS + 1000, people: people(2, "slow") }, "did not answer within"],
    ["an error callback after one page", { kind: "callback", pages: [people(2, "partial")], error: "quota exhausted" }, "quota exhausted"],
    ["no final callback in time", { kind: "callback", pages: [], delayMs: TIMEOUT_MS + 1000 }, "did not post all results"],
  ] as const)("answers source_failed for %s, with nothing written", async (_name, behaviour, text) => {
    const missionId = await newMission();
    source.behave(() => behaviour as never);
    const envelope = await client.runAny("import.linkedin.search", { mission_id: missionId, keywords: `failing ${_name}` });
    expect(envelope.status).toBe(502);
    failed(envelope, "source_failed", text);
    await nothingWritten(missionId, "badsig");
    await nothingWritten(missionId, "partial");
  });

  it("refuses callbacks that are unsigned, wrongly signed, unknown or malformed", async () => {
    const post = (body: string, signature?: string) =>
      server.fetch("/api/v1/lead-sources/callback", {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "x-salestouch-signature": signature } : {}) },
        body,
      });
    const body = JSON.stringify({ id: "lsr_unknown", people: [] });
    const unsigned = await post(body);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    expect((await post(body, sign("another-secret-0123456789", body))).status).toBe(401);
    expect((await post(body, sign(SECRET, body, Math.floor(Date.now() / 1000) - 3600))).status).toBe(401);
    const unknown = await post(body, sign(SECRET, body));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("no search with this id");
    expect((await post("not json", sign(SECRET, "not json"))).status).toBe(400);
  });

  it("holds the call under ask without asking the source, shows the URL; a person's approval asks it and imports", async () => {
    const missionName = `Held ${dialect}`;
    const keys = server.running.local.keys;
    const agentKey = await keys.create({ name: "agent", workspace: `lead-held-${dialect}`, permissions: [{ target: "imports", permission: "ask" }] });
    const personKey = await keys.create({ name: "person", workspace: `lead-held-${dialect}`, scopes: ["*", "approvals.decide"] });
    const agent = createClient({ baseUrl: server.url, apiKey: agentKey.key, retry: false });
    const person = createClient({ baseUrl: server.url, apiKey: personKey.key });
    const missionId = data(await agent.run("mission.create", { name: missionName })).mission.id;
    source.behave(() => ({ kind: "answer", people: people(3, "held") }));
    const before = source.searches.length;
    const input = { mission_id: missionId, filters: [{ type: "SENIORITY_LEVEL", values: [{ id: "8" }] }], limit: 3 };
    const held = await agent.runAny("import.sales_nav.filters", input);
    expect(held.status).toBe(202);
    expect(held.meta.approval_required).toBe(true);
    expect(held.data).toMatchObject({
      mission: { id: missionId, name: missionName },
      import_type: "sales_navigator",
      lead_source: "webhook",
      limit: 3,
      search_url: expect.stringContaining("type%3ASENIORITY_LEVEL"),
      search_params: { filters: [{ type: "SENIORITY_LEVEL", values: [{ id: "8", text: "CXO", selection_type: "INCLUDED" }] }] },
    });
    expect(source.searches.length).toBe(before);
    const view = await person.approvals.approve(held.meta.approval_request_id!);
    expect(view.status).toBe("approved");
    expect(source.searches.length).toBe(before + 1);
    expect(source.searches.at(-1)!.body.workspace_id).toBe(agentKey.workspace.id);
    const collected = await agent.runAny("import.sales_nav.filters", input, { approvalRequestId: held.meta.approval_request_id! });
    expect(data(collected)).toMatchObject({ created_count: 3, generated_search_url: (held.data as { search_url: string }).search_url });
  });

  it("records a source that fails during an approved run as that run's failure, with nothing written", async () => {
    const keys = server.running.local.keys;
    const agentKey = await keys.create({
      name: "agent",
      workspace: `lead-held-fail-${dialect}`,
      permissions: [{ target: "imports", permission: "ask" }],
    });
    const personKey = await keys.create({ name: "person", workspace: `lead-held-fail-${dialect}`, scopes: ["*", "approvals.decide"] });
    const agent = createClient({ baseUrl: server.url, apiKey: agentKey.key, retry: false });
    const person = createClient({ baseUrl: server.url, apiKey: personKey.key });
    const missionId = data(await agent.run("mission.create", { name: "Held failing" })).mission.id;
    source.behave(() => ({ kind: "status", status: 503 }));
    const input = { mission_id: missionId, keywords: "held failing" };
    const held = await agent.runAny("import.linkedin.search", input);
    expect(held.status).toBe(202);
    await person.approvals.approve(held.meta.approval_request_id!);
    failed(await agent.runAny("import.linkedin.search", input, { approvalRequestId: held.meta.approval_request_id! }), "source_failed", "HTTP 503");
    expect(data(await person.run("import.list", { mission_id: missionId })).imports).toEqual([]);
  });
});

describe("without a lead source", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers source_not_configured (501) over REST, naming how to configure one, with nothing written", async () => {
    const missionId = data(await server.client.run("mission.create", { name: "No source" })).mission.id;
    const envelope = await server.client.runAny("import.linkedin.search", { mission_id: missionId, keywords: "cfo" });
    expect(envelope.status).toBe(501);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe("source_not_configured");
    expect(envelope.error.hint).toContain("SALESTOUCH_LEAD_SOURCE");
    expect(data(await server.client.run("import.list", { mission_id: missionId })).imports).toEqual([]);
    // Input errors still come first: a bad filter is invalid_input, whatever the configuration.
    const bad = await server.client.runAny("import.sales_nav.filters", {
      mission_id: missionId,
      filters: [{ type: "COMPANY_HEADCOUNT", values: [{ id: "Z" }] }],
    });
    expect(bad.ok ? null : bad.error.code).toBe("invalid_input");
  });

  it("answers source_not_configured in the CLI's local mode, exit code 5", async () => {
    const box = cliSandbox();
    try {
      const mission = await box.run(["commands", "run", "mission.create", "--input-json", '{"name":"CLI no source"}', "--json"]);
      const missionId = (JSON.parse(mission.stdout) as { data: { mission: { id: string } } }).data.mission.id;
      const result = await box.run([
        "commands",
        "run",
        "import.linkedin.search",
        "--input-json",
        JSON.stringify({ mission_id: missionId, keywords: "cfo" }),
        "--json",
      ]);
      expect(result.code).toBe(5);
      expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe("source_not_configured");
    } finally {
      box.remove();
    }
  });
});
