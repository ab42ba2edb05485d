// db export / db import: a workspace moves SQLite → PostgreSQL → SQLite with every row intact,
// and a bad or clashing export changes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/helpers/postgres.js";
import { FIXED_NOW, leadRow, missionRow } from "../../../tests/helpers/store-rows.js";
import type { NewLead } from "./repositories/leads.js";
import { openStore, type Store } from "./store.js";

const now = FIXED_NOW;
const LEADS = 1_203; // more than two pages of 500, so keyset paging is exercised

function lead(i: number, workspace: string): NewLead {
  return leadRow({
    id: `lead_${String(i).padStart(5, "0")}`,
    workspace_id: workspace,
    first_name: i % 2 ? "Jérôme" : "Ada",
    last_name: `Nom ${i}`,
    full_name: `Person ${i}`,
    email: `p${i}@example.com`,
    email_key: `p${i}@example.com`,
    custom_id: i % 3 ? null : `c${i}`,
    company: i % 5 ? "Acme" : "Analytical Engines",
    job_title: "CFO",
    headline: "100% growth, 'quoted' \\ slash",
    score: i % 4 ? i / 8 : null,
    experience_json: JSON.stringify([{ title: "CFO", company: "Acme" }]),
    do_not_contact: i % 7 === 0 ? 1 : 0,
  });
}

async function seed(store: Store, workspace: string, name: string): Promise<void> {
  const repos = store.repositories;
  await repos.workspaces.insert({ id: workspace, name, created_at: now });
  await repos.apiKeys.insert({
    id: `key_${workspace}`,
    workspace_id: workspace,
    name: "k",
    display_prefix: "st_x",
    key_hash: `hash_${workspace}`,
    scopes: '["*"]',
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  });
  await repos.offers.insert({
    id: `off_${workspace}`,
    workspace_id: workspace,
    name: "Offer",
    one_liner: "One",
    value_proposition: "Value",
    description: null,
    landing_page_url: null,
    sales_brief_url: null,
    is_draft: 1,
    last_used_at: null,
    references_json: "[]",
    created_at: now,
    updated_at: now,
  });
  await repos.missions.insert(
    missionRow({
      id: `mis_${workspace}`,
      workspace_id: workspace,
      name: "Mission é",
      description: "d",
      example_messages_json: '["hi"]',
      offer_id: `off_${workspace}`,
    }),
  );
  await repos.imports.insert({
    id: `imp_${workspace}`,
    workspace_id: workspace,
    mission_id: `mis_${workspace}`,
    type: "leads",
    name: "Import",
    source_url: null,
    context: null,
    metadata_json: "{}",
    source_hash: "abc",
    created_at: now,
    updated_at: now,
  });
  const leads = Array.from({ length: LEADS }, (_, i) => lead(i, workspace)).map((l) => ({ ...l, id: `${l.id}${workspace}` }));
  await repos.leads.insertMany(leads);
  await repos.missionLeads.linkMany(
    leads.map((l) => ({
      mission_id: `mis_${workspace}`,
      lead_id: l.id,
      workspace_id: workspace,
      import_id: `imp_${workspace}`,
      status: "New",
      created_at: now,
      updated_at: now,
    })),
  );
  await repos.imports.addLeads(
    leads.map((l) => ({ import_id: `imp_${workspace}`, lead_id: l.id, workspace_id: workspace, outcome: "created" as const })),
  );
  await repos.missionLeads.addHistory({
    id: `lsh_${workspace}`,
    workspace_id: workspace,
    lead_id: leads[0]!.id,
    mission_id: `mis_${workspace}`,
    from_status: "New",
    to_status: "Contacted",
    note: null,
    changed_at: now,
  });
}

async function exported(store: Store, workspaceId?: string): Promise<string[]> {
  const lines: string[] = [];
  await store.exportData((line) => void lines.push(line), { workspaceId });
  return lines;
}

async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  yield* lines;
}

/** The rows of an export, without the header's timestamp. */
const rowsOf = (lines: readonly string[]) => lines.slice(1);

describe("db export and db import", () => {
  let dir: string;
  let source: Store;
  let exportLines: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "transfer-"));
    source = await openStore({ url: join(dir, "source.db") });
    await seed(source, "ws_a", "alpha");
    await seed(source, "ws_b", "beta");
    exportLines = await exported(source, "ws_a");
  });
  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("knows every table the migrations create on both dialects (an unknown one fails the export)", async () => {
    const pg = await openStore({ url: await createTestDatabase("tables"), poolSize: 1 });
    try {
      await expect(exported(pg)).resolves.toHaveLength(2);
      expect(JSON.parse(exportLines[0]!)).toMatchObject({ format: "salestouch-export", workspace_id: "ws_a" });
    } finally {
      await pg.close();
    }
  });

  it("exports one workspace only, parents before children, with an end line", () => {
    const tables = rowsOf(exportLines)
      .slice(0, -1)
      .map((line) => JSON.parse(line) as { table: string; row: { workspace_id?: string; id?: string } });
    expect(tables.every(({ table, row }) => (table === "workspaces" ? row.id : row.workspace_id) === "ws_a")).toBe(true);
    const order = [...new Set(tables.map((t) => t.table))];
    expect(order.indexOf("workspaces")).toBe(0);
    expect(order.indexOf("leads")).toBeLessThan(order.indexOf("mission_leads"));
    expect(JSON.parse(exportLines.at(-1)!)).toMatchObject({ end: true, rows: { leads: LEADS, mission_leads: LEADS, import_leads: LEADS } });
  });

  it("moves a workspace SQLite → PostgreSQL → SQLite with every row equal", async () => {
    const pg = await openStore({ url: await createTestDatabase("move"), poolSize: 2 });
    const back = await openStore({ url: join(dir, "back.db") });
    try {
      await pg.importData(linesOf(exportLines));
      const fromPg = await exported(pg);
      expect(rowsOf(fromPg)).toEqual(rowsOf(exportLines));
      await back.importData(linesOf(fromPg));
      expect(rowsOf(await exported(back))).toEqual(rowsOf(exportLines));
      // Each dialect rebuilt its own search index from the imported rows.
      for (const store of [pg, back]) {
        const found = await store.repositories.leadSearch.search("ws_a", { text: "analytical", sort: "newest", limit: 5, offset: 0 });
        expect(found.map((l) => l.company)).toEqual(Array(5).fill("Analytical Engines"));
        // Mission counts are not carried: each target recounted them from the imported links.
        expect((await store.repositories.missions.stats(["mis_ws_a"])).get("mis_ws_a")).toEqual({ leads: LEADS, contacted: 0, replied: 0 });
      }
    } finally {
      await pg.close();
      await back.close();
    }
  });

  it("refuses a cut export and writes nothing", async () => {
    const pg = await openStore({ url: await createTestDatabase("cut"), poolSize: 1 });
    try {
      await expect(pg.importData(linesOf(exportLines.slice(0, 100)))).rejects.toThrow(/cut/);
      expect(await pg.repositories.workspaces.list()).toEqual([]);
    } finally {
      await pg.close();
    }
  });

  it("refuses a workspace whose name the target already uses for another one, and writes nothing", async () => {
    const target = await openStore({ url: join(dir, "clash.db") });
    try {
      await target.repositories.workspaces.insert({ id: "ws_other", name: "alpha", created_at: now });
      await expect(target.importData(linesOf(exportLines))).rejects.toThrow(/already has a workspace named "alpha"/);
      expect((await target.repositories.workspaces.list()).map((w) => w.id)).toEqual(["ws_other"]);
    } finally {
      await target.close();
    }
  });
});
