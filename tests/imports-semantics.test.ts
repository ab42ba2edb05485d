// Import semantics over real HTTP on both dialects (docs/imports-and-leads.md): counts and reasons,
// fill-only updates, already_exists, mission stats and imports[], import.leads.list, CSV text.
import type { SalesTouchClient } from "@salestouch/client";
import type { CommandInput } from "@salestouch/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

type Leads = CommandInput<"import.leads">["leads"];

describe.each(DIALECTS)("imports on %s", (dialect) => {
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
    client = (await server.clientFor(`imports-${++workspaces}`)).client;
  });

  const mission = async (name = "Fintech CFOs") => data(await client.run("mission.create", { name })).mission.id;
  const importRows = async (missionId: string, leads: Leads, name = "List") =>
    data(await client.run("import.leads", { mission_id: missionId, name, leads }));

  it("counts created, skipped and invalid rows and says why each invalid row was left out", async () => {
    const result = await importRows(await mission(), [
      { name: "Ada Lovelace", email: "ada@analytical.example" },
      { name: "Grace Hopper", linkedin_url: "https://www.linkedin.com/in/grace-hopper" },
      { name: "Nobody", company: "No identifier Ltd" },
      { name: "Bad Email", email: "ada-at-analytical" },
      { email: "ADA@analytical.example" },
      { email: "ada@analytical.example", linkedin_url: "linkedin.com/in/grace-hopper/" },
    ]);
    expect(result).toMatchObject({
      created_count: 2,
      updated_count: 0,
      skipped_count: 1,
      invalid_count: 3,
      row_count: 6,
      added_to_mission_count: 2,
      invalid_rows_truncated: false,
    });
    expect(result.invalid_rows.map((r) => [r.row, r.field])).toEqual([
      [3, null],
      [4, "email"],
      [6, "linkedin_url"],
    ]);
    expect(result.invalid_rows[2]!.reason).toMatch(/email matches lead lead_\w+ but linkedin_url matches lead lead_\w+/);
  });

  it("fills empty fields of existing leads, never overwrites a value, and skips rows with nothing new", async () => {
    const missionId = await mission();
    const first = await importRows(missionId, [{ email: "ada@analytical.example", company: "Analytical Engines" }], "First");
    const second = await importRows(
      missionId,
      [{ email: "ada@analytical.example", company: "Other Co", job_title: "CFO" }, { email: "grace@cobol.example" }],
      "Second",
    );
    expect(second).toMatchObject({ created_count: 1, updated_count: 1, skipped_count: 0, added_to_mission_count: 1 });
    const [adaId] = second.updated_ids;
    const ada = data(await client.run("lead.get", { lead_id: adaId! })).lead;
    expect(ada).toMatchObject({ company: "Analytical Engines", jobTitle: "CFO" });
    const third = await importRows(missionId, [{ email: "ada@analytical.example", company: "Third Co" }], "Third");
    expect(third).toMatchObject({ created_count: 0, updated_count: 0, skipped_count: 1, updated_ids: [] });
    expect(first.created_count).toBe(1);
  });

  it("returns the earlier import when the same rows go into the same mission again", async () => {
    const missionId = await mission();
    const rows: Leads = [{ email: "ada@analytical.example" }, { custom_id: "crm-42", name: "Grace Hopper" }];
    const first = await importRows(missionId, rows, "Conference");
    const again = await importRows(missionId, rows, "Conference (again)");
    expect(again).toMatchObject({
      import_id: first.import_id,
      already_exists: true,
      import_name: "Conference",
      created_count: 2,
      added_to_mission_count: 0,
    });
    expect(data(await client.run("import.list", { mission_id: missionId })).imports).toHaveLength(1);
    const elsewhere = await importRows(await mission("Other mission"), rows, "Conference");
    expect(elsewhere).toMatchObject({ already_exists: false, created_count: 0, skipped_count: 2, added_to_mission_count: 2 });
  });

  it("keeps mission stats and imports in line with imports, status changes and archiving", async () => {
    const missionId = await mission();
    const result = await importRows(missionId, [{ email: "a@x.example" }, { email: "b@x.example" }, { email: "c@x.example" }, { name: "no id" }]);
    let view = data(await client.run("mission.get", { mission_id: missionId })).mission;
    expect(view.stats).toEqual({ leads: 3, contacted: 0, replied: 0 });
    expect(view.imports).toMatchObject([{ import_id: result.import_id, count: 4, created_count: 3, invalid_count: 1 }]);
    const leads = data(await client.run("import.leads.list", { import_id: result.import_id })).leads;
    for (const [lead, status] of [
      [leads[0]!, "Contacted"],
      [leads[1]!, "Replied"],
      [leads[2]!, "DoNotContact"],
    ] as const) {
      data(await client.run("lead.update_status", { lead_id: lead.id, mission_id: missionId, status }));
    }
    view = data(await client.run("mission.get", { mission_id: missionId })).mission;
    expect(view.stats).toEqual({ leads: 3, contacted: 2, replied: 1 });
    data(await client.run("mission.archive", { mission_id: missionId }));
    view = data(await client.run("mission.get", { mission_id: missionId })).mission;
    expect(view.stats).toEqual({ leads: 3, contacted: 2, replied: 1 });
    expect(view.imports).toHaveLength(1);
    const refused = await client.run("import.leads", { mission_id: missionId, name: "Late", leads: [{ email: "d@x.example" }] });
    expect(refused.ok ? null : refused.error.code).toBe("conflict");
  });

  it("lists an import's leads by outcome, newest first, page by page", async () => {
    const missionId = await mission();
    await importRows(missionId, [{ email: "a@x.example" }, { email: "b@x.example" }, { email: "c@x.example", company: "C" }], "First");
    const second = await importRows(
      missionId,
      [
        { email: "a@x.example", company: "A" },
        { email: "b@x.example", job_title: "CFO" },
        { email: "c@x.example", company: "Other" },
        { email: "d@x.example" },
        { email: "e@x.example" },
        { email: "e@x.example" },
      ],
      "Second",
    );
    expect(second).toMatchObject({ created_count: 2, updated_count: 2, skipped_count: 2 });
    expect(data(await client.run("import.get", { import_id: second.import_id })).total_leads).toBe(5);
    const updated = data(await client.run("import.leads.list", { import_id: second.import_id, outcome: "updated" })).leads;
    expect(updated.map((l) => l.id).sort()).toEqual([...second.updated_ids].sort());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = data(await client.run("import.leads.list", { import_id: second.import_id, limit: 2, cursor }));
      seen.push(...page.leads.map((l) => l.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort().reverse()).toEqual(seen);

    const emails = async (importId: string, outcome?: "created" | "updated" | "skipped") =>
      data(await client.run("import.leads.list", { import_id: importId, outcome, limit: 100 }))
        .leads.map((l) => l.email)
        .sort();
    expect(await emails(second.import_id, "created")).toEqual(["d@x.example", "e@x.example"]);
    expect(await emails(second.import_id, "skipped")).toEqual(["c@x.example"]);
    const first = data(await client.run("import.list", { mission_id: missionId })).imports.find((i) => i.name === "First")!;
    // The first import still lists what it created after the second one matched those leads.
    expect(await emails(first.import_id)).toEqual(["a@x.example", "b@x.example", "c@x.example"]);
    expect(await emails(first.import_id, "created")).toEqual(["a@x.example", "b@x.example", "c@x.example"]);
    const updatedLeads = data(await client.run("import.leads.list", { import_id: second.import_id, outcome: "updated" })).leads;
    const aId = updatedLeads.find((l) => l.email === "a@x.example")!.id;
    const context = data(await client.run("lead.get", { lead_id: aId })).prospect_context;
    expect(context.imports.map((i) => [i.import_id, i.outcome])).toEqual([
      [second.import_id, "updated"],
      [first.import_id, "created"],
    ]);
  });

  it("imports CSV text with a byte order mark, semicolons, quoted delimiters and blank lines", async () => {
    const csv =
      "\uFEFFPrénom;Nom;Email;Sales Navigator URL;Société;Notes internes\n" +
      'Ada;Lovelace;ada@analytical.example;;"Analytical; Engines";x\n\n' +
      "Grace;Hopper;;https://www.linkedin.com/sales/lead/ACwAAB12cd,NAME_SEARCH,abc;Cobol;y\n";
    const envelope = await client.run("import.csv", { mission_id: await mission(), name: "Export", csv });
    const result = data(envelope);
    expect(result).toMatchObject({ created_count: 2, invalid_count: 0, skipped_count: 1, row_count: 3 }); // the blank line is a skipped row
    expect(result.columns).toEqual({
      first_name: "Prénom",
      last_name: "Nom",
      email: "Email",
      sales_nav_id: "Sales Navigator URL",
      company: "Société",
    });
    expect(envelope.meta.warnings.join(" ")).toMatch(/Notes internes/);
    const found = data(await client.run("lead.search", { query: "analytical engines" })).leads;
    expect(found.map((l) => l.name)).toEqual(["Ada Lovelace"]);
  });

  it("refuses a CSV without an identifier column, naming the headers it has", async () => {
    const envelope = await client.run("import.csv", { mission_id: await mission(), name: "Names only", csv: "Name,Company\nAda,Analytical\n" });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe("invalid_input");
      expect(envelope.error.details?.[0]?.message).toMatch(/"Name", "Company"/);
    }
  });

  it("refuses csv_path over the network and says to send csv instead", async () => {
    const envelope = await client.run("import.csv", { mission_id: await mission(), name: "Server file", csv_path: "/etc/passwd" });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe("invalid_input");
      expect(envelope.error.details).toEqual([{ path: "/csv_path", message: expect.stringMatching(/send the file's content as csv/) }]);
    }
  });
});
