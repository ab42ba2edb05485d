// lead.search's query on both dialects: SQLite FTS5 and the PostgreSQL tsvector.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "../../../../tests/helpers/postgres.js";
import { FIXED_NOW, leadRow, missionRow } from "../../../../tests/helpers/store-rows.js";
import { openStore, type Store } from "../store.js";
import { RELEVANCE_WINDOW } from "./lead-search.js";
import type { NewLead } from "./leads.js";

const now = FIXED_NOW;

function lead(id: string, workspace: string, fields: Partial<NewLead>): NewLead {
  return leadRow({ id, workspace_id: workspace, ...fields });
}

describe.each(DIALECTS)("LeadSearchRepository on %s", (dialect) => {
  let dir: string;
  let store: Store;
  const search = (filter: Partial<Parameters<Store["repositories"]["leadSearch"]["search"]>[1]>, workspace = "ws_1") =>
    store.repositories.leadSearch.search(workspace, { sort: "relevance", limit: 20, offset: 0, ...filter }).then((rows) => rows.map((r) => r.id));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "lead-search-"));
    store = await openStore({ url: dialect === "sqlite" ? join(dir, "db.sqlite") : await createTestDatabase("search"), poolSize: 2 });
    for (const ws of ["ws_1", "ws_2"]) await store.repositories.workspaces.insert({ id: ws, name: ws, created_at: now });
    await store.repositories.missions.insert(missionRow({ id: "mis_1", workspace_id: "ws_1", name: "M" }));
    await store.repositories.leads.insertMany([
      lead("lead_1", "ws_1", {
        full_name: "Ada Lovelace",
        first_name: "Ada",
        last_name: "Lovelace",
        company: "Analytical Engines",
        job_title: "CFO",
        score: 90,
      }),
      lead("lead_2", "ws_1", {
        full_name: "Jérôme Dupont",
        first_name: "Jérôme",
        last_name: "Dupont",
        company: "Acme",
        job_title: "Head of Finance",
        score: 40,
      }),
      lead("lead_3", "ws_1", { full_name: "Adam Smith", first_name: "Adam", last_name: "Smith", headline: "CFO at Wealth of Nations" }),
      lead("lead_4", "ws_2", { full_name: "Ada Other", company: "Analytical Rivals" }),
    ]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("matches word prefixes in name, company, title and headline, ignoring case (and accents on SQLite)", async () => {
    expect(await search({ text: "ANALYT" })).toEqual(["lead_1"]);
    expect(await search({ text: dialect === "sqlite" ? "jerome fin" : "jérôme fin" })).toEqual(["lead_2"]);
    expect((await search({ text: "cfo" })).sort()).toEqual(["lead_1", "lead_3"]);
    expect(await search({ text: "ada", sort: "newest" })).toEqual(["lead_3", "lead_1"]);
  });

  it("matches first_name and last_name against their own fields only", async () => {
    expect(await search({ firstName: "ada", sort: "newest" })).toEqual(["lead_3", "lead_1"]);
    expect(await search({ lastName: "ada" })).toEqual([]);
    expect(await search({ firstName: "ada", lastName: "love" })).toEqual(["lead_1"]);
  });

  it("never returns another workspace's leads", async () => {
    expect(await search({ text: "analytical" }, "ws_2")).toEqual(["lead_4"]);
  });

  it("follows updates of leads", async () => {
    await store.repositories.leads.update("ws_1", "lead_1", { company: "Babbage & Co" });
    expect(await search({ text: "analytical" })).toEqual([]);
    expect(await search({ text: "babbage" })).toEqual(["lead_1"]);
  });

  it("filters by mission, status and score range, and sorts by score", async () => {
    await store.repositories.missionLeads.linkMany([
      { mission_id: "mis_1", lead_id: "lead_1", workspace_id: "ws_1", import_id: null, status: "Contacted", created_at: now, updated_at: now },
      { mission_id: "mis_1", lead_id: "lead_2", workspace_id: "ws_1", import_id: null, status: "New", created_at: now, updated_at: now },
    ]);
    expect(await search({ missionId: "mis_1", sort: "newest" })).toEqual(["lead_2", "lead_1"]);
    expect(await search({ missionId: "mis_1", status: "Contacted" })).toEqual(["lead_1"]);
    expect(await search({ status: "New" })).toEqual(["lead_2"]);
    expect(await search({ minScore: 50 })).toEqual(["lead_1"]);
    expect(await search({ sort: "score" })).toEqual(["lead_1", "lead_2", "lead_3"]);
    expect(await search({ sort: "score", limit: 1, offset: 1 })).toEqual(["lead_2"]);
  });

  it("ranks by relevance, strongest field first, among the newest matches only (SQLite)", async () => {
    await store.repositories.leads.insertMany([
      lead("lead_r0", "ws_1", { full_name: "Zephyr Quill" }),
      lead("lead_r1", "ws_1", { full_name: "Other Person", headline: "Zephyr fan" }),
    ]);
    // PostgreSQL weighs name, company, title and headline alike and ranks every match.
    if (dialect !== "sqlite") return void expect((await search({ text: "zephyr" })).sort()).toEqual(["lead_r0", "lead_r1"]);
    // A name match outranks a headline match while the window holds both…
    expect(await search({ text: "zephyr" })).toEqual(["lead_r0", "lead_r1"]);
    expect(await search({ text: "zephyr", limit: 1, offset: 1 })).toEqual(["lead_r1"]);
    // …and falls out of it once RELEVANCE_WINDOW newer leads match.
    const newer = Array.from({ length: RELEVANCE_WINDOW + 10 }, (_, i) =>
      lead(`lead_s${String(i).padStart(4, "0")}`, "ws_1", { full_name: "Someone Else", first_name: "Someone", headline: "Zephyr fan" }),
    );
    await store.repositories.leads.insertMany(newer);
    const ranked = await search({ text: "zephyr", limit: 100 });
    expect(ranked).toHaveLength(100);
    expect(ranked).not.toContain("lead_r0");
    expect(ranked).not.toContain("lead_r1");
    // A search by name alone ranks the window newest first and ends with it too (ten older matches lie beyond it).
    expect(await search({ firstName: "someone", limit: 20, offset: RELEVANCE_WINDOW - 10 })).toEqual(
      newer
        .slice(10, 20)
        .map((l) => l.id)
        .reverse(),
    );
    expect(await search({ firstName: "someone", offset: RELEVANCE_WINDOW })).toEqual([]);
  });
});
