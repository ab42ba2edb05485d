// lead.upsert over real HTTP on both dialects: identity matching in order, conflicts, overwrite
// rules and canonical LinkedIn URLs (docs/imports-and-leads.md "Identity").
import type { SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe.each(DIALECTS)("lead.upsert on %s", (dialect) => {
  let server: TestServer;
  let client: SalesTouchClient;
  let workspaces = 0;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    client = (await server.clientFor(`upsert-${++workspaces}`)).client;
  });

  it("creates a lead with first and last name taken from name", async () => {
    const created = data(await client.run("lead.upsert", { name: "Ada King Lovelace", email: "ada@analytical.example" }));
    expect(created).toMatchObject({
      created: true,
      matched_by: null,
      mission: null,
      lead: { name: "Ada King Lovelace", firstName: "Ada", lastName: "King Lovelace", status: "New" },
    });
  });

  it("matches by email, then LinkedIn profile, then Sales Navigator id, then custom id", async () => {
    const id = data(
      await client.run("lead.upsert", {
        email: "ada@analytical.example",
        linkedin_url: "https://www.linkedin.com/in/ada",
        sales_nav_id: "ACwAAB12cd",
        custom_id: "crm-1",
      }),
    ).lead_id;
    const tries = [
      [{ email: "ADA@analytical.example" }, "email"],
      [{ linkedin_url: "https://uk.linkedin.com/in/ADA/?trk=x" }, "linkedin_url"],
      [{ sales_nav_id: "ACwAAB12cd" }, "sales_nav_id"],
      [{ custom_id: "crm-1" }, "custom_id"],
      [{ lead_id: id }, "lead_id"],
    ] as const;
    for (const [identity, by] of tries) {
      expect(data(await client.run("lead.upsert", { ...identity, company: `via ${by}` }))).toMatchObject({
        lead_id: id,
        created: false,
        matched_by: by,
      });
    }
    expect(data(await client.run("lead.get", { lead_id: id })).lead.company).toBe("via lead_id");
  });

  it("refuses identifiers that belong to two different leads with conflict", async () => {
    data(await client.run("lead.upsert", { email: "ada@analytical.example" }));
    const grace = data(await client.run("lead.upsert", { custom_id: "grace" })).lead_id;
    const envelope = await client.run("lead.upsert", { email: "ada@analytical.example", custom_id: "grace" });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe("conflict");
      expect(envelope.error.message).toContain(grace);
    }
  });

  it("overwrites the fields it is given, clears those sent as null and keeps the others", async () => {
    const id = data(
      await client.run("lead.upsert", { email: "ada@analytical.example", company: "Analytical Engines", job_title: "CFO", location: "London" }),
    ).lead_id;
    const lead = data(await client.run("lead.upsert", { lead_id: id, company: "Babbage & Co", location: null, score: 75 })).lead;
    expect(lead).toMatchObject({ company: "Babbage & Co", jobTitle: "CFO", score: 75 });
    expect(lead.location).toBeUndefined();
  });

  it("refuses an update that would leave a lead without any identifier", async () => {
    const id = data(await client.run("lead.upsert", { email: "ada@analytical.example" })).lead_id;
    const envelope = await client.run("lead.upsert", { lead_id: id, email: null });
    expect(envelope.ok ? null : envelope.error.code).toBe("invalid_input");
    expect(data(await client.run("lead.get", { lead_id: id })).lead.email).toBe("ada@analytical.example");
  });

  it("refuses a new lead without any identifier with invalid_input", async () => {
    const envelope = await client.runAny("lead.upsert", { name: "Nobody" });
    expect(envelope.ok ? null : envelope.error.code).toBe("invalid_input");
  });

  it("stores experience and education and reports the profile as enriched", async () => {
    const lead = data(
      await client.run("lead.upsert", {
        custom_id: "crm-7",
        experience: [{ role: "CFO", company: "Analytical Engines", duration: "2021 - present" }],
        education: [{ school: "University of London", degree: "BSc" }],
      }),
    ).lead;
    expect(lead).toMatchObject({ linkedinProfileEnriched: true, experience: [{ role: "CFO" }], education: [{ school: "University of London" }] });
    const compact = await client.run("lead.get", { lead_id: lead.id }, { profile: "compact" });
    expect(data(compact).lead.experience).toEqual([]);
  });
});
