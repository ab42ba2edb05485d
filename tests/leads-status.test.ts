// Lead status rules over real HTTP on both dialects: per-mission statuses, the sticky DoNotContact,
// the status history and lastInteraction (docs/imports-and-leads.md "Status").
import type { SalesTouchClient } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

function errorCode(envelope: Envelope): string | undefined {
  return envelope.ok ? undefined : envelope.error.code;
}

describe.each(DIALECTS)("lead statuses on %s", (dialect) => {
  let server: TestServer;
  let client: SalesTouchClient;
  let workspaces = 0;
  let m1: string;
  let m2: string;
  let leadId: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    client = (await server.clientFor(`statuses-${++workspaces}`)).client;
    m1 = data(await client.run("mission.create", { name: "First" })).mission.id;
    m2 = data(await client.run("mission.create", { name: "Second" })).mission.id;
    leadId = data(await client.run("lead.upsert", { name: "Ada Lovelace", email: "ada@analytical.example", mission_id: m1 })).lead_id;
    data(await client.run("lead.upsert", { lead_id: leadId, mission_id: m2 }));
  });

  const statuses = async () =>
    Object.fromEntries(data(await client.run("lead.get", { lead_id: leadId })).prospect_context.missions.map((m) => [m.id, m.lead_status]));

  it("moves a lead's status in one mission and keeps the change in its history", async () => {
    const result = data(
      await client.run("lead.update_status", { lead_id: leadId, mission_id: m1, status: "Contacted", note: "Connection request sent" }),
    );
    expect(result).toMatchObject({
      status: "Contacted",
      do_not_contact: false,
      changes: [{ mission_id: m1, from_status: "New", to_status: "Contacted" }],
    });
    expect(await statuses()).toEqual({ [m1]: "Contacted", [m2]: "New" });
    const got = data(await client.run("lead.get", { lead_id: leadId }));
    expect(got.prospect_context.status_history).toMatchObject([
      { mission_id: m1, from_status: "New", to_status: "Contacted", note: "Connection request sent" },
    ]);
    expect(got.lead.lastInteraction).toEqual(expect.any(String));
    expect(data(await client.run("lead.get", { lead_id: leadId, mission_id: m2 })).lead.status).toBe("New");
  });

  it("sets the status in every mission of the lead when no mission is named", async () => {
    data(await client.run("lead.update_status", { lead_id: leadId, status: "Waiting" }));
    expect(await statuses()).toEqual({ [m1]: "Waiting", [m2]: "Waiting" });
  });

  it("applies DoNotContact to every mission of the lead, and to missions it joins later", async () => {
    const result = data(await client.run("lead.update_status", { lead_id: leadId, mission_id: m1, status: "DoNotContact" }));
    expect(result).toMatchObject({ status: "DoNotContact", do_not_contact: true });
    expect(await statuses()).toEqual({ [m1]: "DoNotContact", [m2]: "DoNotContact" });
    const m3 = data(await client.run("mission.create", { name: "Third" })).mission.id;
    const imported = data(await client.run("import.leads", { mission_id: m3, name: "Again", leads: [{ email: "ada@analytical.example" }] }));
    expect(imported.added_to_mission_count).toBe(1);
    const m4 = data(await client.run("mission.create", { name: "Fourth" })).mission.id;
    expect(data(await client.run("lead.upsert", { lead_id: leadId, mission_id: m4 })).mission?.lead_status).toBe("DoNotContact");
    expect(Object.values(await statuses())).toEqual(["DoNotContact", "DoNotContact", "DoNotContact", "DoNotContact"]);
    expect(data(await client.run("mission.get", { mission_id: m3 })).mission.stats).toEqual({ leads: 1, contacted: 0, replied: 0 });
  });

  it("leaves DoNotContact only with clear_do_not_contact, which clears it in every mission", async () => {
    data(await client.run("lead.update_status", { lead_id: leadId, status: "DoNotContact" }));
    const refused = await client.run("lead.update_status", { lead_id: leadId, mission_id: m1, status: "Contacted" });
    expect(errorCode(refused)).toBe("conflict");
    expect(refused.ok ? "" : refused.error.hint).toMatch(/clear_do_not_contact/);
    const cleared = data(
      await client.run("lead.update_status", { lead_id: leadId, mission_id: m1, status: "Interested", clear_do_not_contact: true }),
    );
    expect(cleared).toMatchObject({ status: "Interested", do_not_contact: false });
    expect(await statuses()).toEqual({ [m1]: "Interested", [m2]: "Interested" });
  });

  it("changes nothing and says so when the lead already has the status", async () => {
    const envelope = await client.run("lead.update_status", { lead_id: leadId, mission_id: m1, status: "New" });
    expect(data(envelope).changes).toEqual([]);
    expect(envelope.meta.warnings.join(" ")).toMatch(/already has status New/);
  });

  it("refuses a status for a mission the lead is not in, and for a lead in no mission", async () => {
    const m3 = data(await client.run("mission.create", { name: "Third" })).mission.id;
    expect(errorCode(await client.run("lead.update_status", { lead_id: leadId, mission_id: m3, status: "Contacted" }))).toBe("not_found");
    const loner = data(await client.run("lead.upsert", { custom_id: "crm-1" })).lead_id;
    expect(errorCode(await client.run("lead.update_status", { lead_id: loner, status: "Contacted" }))).toBe("conflict");
  });
});
