// lead.search over real HTTP on both dialects: word prefixes, filters, sorting, paging, isolation.
import type { SalesTouchClient } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe.each(DIALECTS)("lead.search on %s", (dialect) => {
  let server: TestServer;
  let client: SalesTouchClient;
  let missionId: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    client = (await server.clientFor("search")).client;
    missionId = data(await client.run("mission.create", { name: "Fintech" })).mission.id;
    const imported = data(
      await client.run("import.leads", {
        mission_id: missionId,
        name: "Seed",
        leads: [
          { first_name: "Ada", last_name: "Lovelace", email: "ada@x.example", company: "Analytical Engines", job_title: "CFO", score: 90 },
          { first_name: "Grace", last_name: "Hopper", email: "grace@x.example", company: "Cobol Systems", headline: "Finance leader", score: 60 },
          {
            first_name: "Alan",
            last_name: "Turing",
            email: "alan@x.example",
            company: "Bletchley Analytics",
            job_title: "Head of Finance",
            score: 30,
          },
        ],
      }),
    );
    expect(imported.created_count).toBe(3);
    data(await client.run("lead.upsert", { name: "Charles Babbage", custom_id: "outside", company: "Analytical Society" }));
    const other = (await server.clientFor("search-other")).client;
    data(await other.run("lead.upsert", { name: "Ada Elsewhere", email: "ada@x.example", company: "Analytical Rivals" }));
  });
  afterAll(async () => {
    await server.stop();
  });

  const names = async (input: Record<string, unknown>) =>
    data((await client.runAny("lead.search", input)) as Envelope<{ leads: { name: string }[] }>).leads.map((l) => l.name);

  it("finds leads by word prefixes in name, company, job title and headline", async () => {
    expect(await names({ query: "analyt", sort: "name" })).toEqual(["Ada Lovelace", "Alan Turing", "Charles Babbage"]);
    expect(await names({ query: "finance", sort: "name" })).toEqual(["Alan Turing", "Grace Hopper"]);
    expect(await names({ query: "ANALYTICAL cfo" })).toEqual(["Ada Lovelace"]);
    expect(await names({ first_name: "gra" })).toEqual(["Grace Hopper"]);
  });

  it("keeps another workspace's leads out of the results", async () => {
    expect(await names({ query: "rivals" })).toEqual([]);
  });

  it("filters by mission, status and score range", async () => {
    expect(await names({ mission_id: missionId, sort: "name" })).toEqual(["Ada Lovelace", "Alan Turing", "Grace Hopper"]);
    const ada = data(await client.run("lead.search", { query: "lovelace" })).leads[0]!;
    data(await client.run("lead.update_status", { lead_id: ada.lead_id, status: "Replied" }));
    expect(await names({ mission_id: missionId, status: "Replied" })).toEqual(["Ada Lovelace"]);
    expect(await names({ status: "New", sort: "name" })).toEqual(["Alan Turing", "Grace Hopper"]);
    expect(await names({ min_score: 50, max_score: 80 })).toEqual(["Grace Hopper"]);
  });

  it("sorts by score and pages with offset; count is the number of leads returned", async () => {
    expect(await names({ sort: "score" })).toEqual(["Ada Lovelace", "Grace Hopper", "Alan Turing", "Charles Babbage"]);
    const page = data(await client.run("lead.search", { sort: "score", limit: 2, offset: 1 }));
    expect(page.count).toBe(2);
    expect(page.leads.map((l) => l.name)).toEqual(["Grace Hopper", "Alan Turing"]);
    expect(page.leads[0]).toEqual({
      lead_id: expect.stringMatching(/^lead_/),
      avatar_url: "",
      name: "Grace Hopper",
      headline: "Finance leader",
      company: "Cobol Systems",
      job_title: "",
      score: 60,
      linkedin_url: "",
    });
  });

  it("refuses a query without letters or digits with invalid_input", async () => {
    const envelope = await client.runAny("lead.search", { query: "!!" });
    expect(envelope.ok ? null : envelope.error.code).toBe("invalid_input");
  });
});
