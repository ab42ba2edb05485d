// Lead scoring over real HTTP on both dialects: the published scoring schemas, profile versions,
// scores written with imports and lead.upsert and explained by lead.get, bad definitions refused
// with nothing written, feedback, lead.search on mission scores, and rescoring after a change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SalesTouchClient } from "@salestouch/client";
import { registry } from "@salestouch/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { data } from "./helpers/envelope.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const published = (id: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "published", `${id}.json`), "utf8")) as Record<string, unknown>;

describe("the published scoring contract", () => {
  it.each(["scoring.profile.get", "scoring.feedback.create"] as const)("bundles the %s output schema exactly as published", (id) => {
    const page = published(id);
    expect(registry[id].outputSchema).toStrictEqual(page["output_schema"]);
    expect(registry[id].descriptor).toMatchObject({
      risk: page["risk"],
      category: page["category"],
      title: page["title"],
      default_permission: "allow",
    });
  });
});

describe.each(DIALECTS)("scoring on %s", (dialect) => {
  let server: TestServer;
  let client: SalesTouchClient;
  let workspaces = 0;
  // biome-ignore lint/suspicious/noExplicitAny: outputs of many commands, each checked against its schema where it matters
  const run = async <T = any>(id: string, input: unknown): Promise<T> => data(await client.runAny(id, input)) as T;
  const fails = async (id: string, input: unknown) => {
    const envelope = await client.runAny(id, input);
    if (envelope.ok) throw new Error(`${id} succeeded: ${JSON.stringify(envelope.data)}`);
    return envelope.error;
  };
  const drain = () => server.running.local.jobs.drain();

  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    client = (await server.clientFor(`scoring-${++workspaces}`)).client;
  });

  it("answers initialized false and profile null before any profile, then the active version", async () => {
    expect(await run("scoring.profile.get", {})).toEqual({ initialized: false, profile: null });
    const first = await run("scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 3 }] });
    const second = await run("scoring.profile.update", { threshold: 70, expected_version: 1 });
    expect(second).toMatchObject({
      previous_version: 1,
      rescore_queued: true,
      profile: { version: 2, status: "active", profile_id: first.profile.profile_id },
    });
    const got = await run("scoring.profile.get", {});
    expect(got.profile).toMatchObject({ version: 2, definition: { threshold: 70, patterns: [{ pattern: "head of sales", weight: 3 }] } });
    expect(registry["scoring.profile.get"].validateOutput(got)).toBe(true);
    expect((await fails("scoring.profile.update", { threshold: 60, expected_version: 1 })).code).toBe("conflict");
  });

  it("refuses bad definitions with invalid_input and a path, and writes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ patterns: [{ pattern: "(sales|marketing)", weight: 3 }] }, "/patterns/0/pattern"],
      [{ patterns: [{ pattern: "sales* director", weight: 3 }] }, "/patterns/0/pattern"],
      [{ patterns: [{ pattern: "cfo", weight: 0 }] }, "/patterns/0/weight"],
      [{ patterns: [{ pattern: "cfo", weight: 11 }] }, "/patterns/0/weight"],
      [{ patterns: [{ pattern: "cfo", weight: 1, scope: "offer" }] }, "/patterns/0/offer_id"],
      [{ patterns: [{ pattern: "cfo", weight: 1, scope: "offer", offer_id: "off_missing" }] }, "/patterns/0/offer_id"],
      [{ patterns: Array.from({ length: 501 }, (_, i) => ({ pattern: `word${i}`, weight: 1 })) }, "/patterns"],
      [{ threshold: -1 }, "/threshold"],
      [{ weights: { provenance: 0, lexical: 3, completeness: 0, activity: 0, company_size: 2 } }, "/weights"],
      [{ company_size: [{ offer_id: null, ideal: { min: 50, max: 200 }, acceptable: { min: 100, max: 150 } }] }, "/company_size/0/acceptable"],
    ];
    for (const [input, path] of cases) {
      const error = await fails("scoring.profile.update", input);
      expect(error.code, JSON.stringify(input).slice(0, 80)).toBe("invalid_input");
      expect(
        error.details?.map((d) => d.path),
        JSON.stringify(error),
      ).toContain(path);
    }
    expect(await run("scoring.profile.get", {})).toEqual({ initialized: false, profile: null });
    expect((await run("scoring.status.get", {})).jobs).toEqual([]);
  });

  it("scores imported leads in the same call, with the import's signals, and explains each score", async () => {
    const offer = await run("offer.create", { name: "Pipeline audit", one_liner: "Find the leaks", value_proposition: "More closed deals" });
    await run("scoring.profile.update", {
      patterns: [
        { pattern: "head of sales", weight: 3, field: "job_title" },
        { pattern: "intern", weight: -4 },
      ],
      company_size: [{ offer_id: offer.offer.id, ideal: { min: 51, max: 200 }, acceptable: { min: 11, max: 1000 } }],
    });
    const mission = (await run("mission.create", { name: "Sales leaders", offer_id: offer.offer.id })).mission;
    const imported = await run("import.leads", {
      mission_id: mission.id,
      name: "Event list",
      source_fit: 80,
      intent_signal: 60,
      leads: [
        { email: "ada@example.com", name: "Ada Lovelace", job_title: "Head of Sales", company: "Engines", company_size: "51-200" },
        { email: "bob@example.com", name: "Bob Intern", job_title: "Sales Intern", company_size: "10001+" },
      ],
    });
    expect(imported.created_count).toBe(2);
    const found = await run("lead.search", { mission_id: mission.id, sort: "score" });
    expect(found.leads.map((l: { name: string }) => l.name)).toEqual(["Ada Lovelace", "Bob Intern"]);
    const ada = await run("lead.get", { lead_id: found.leads[0].lead_id, mission_id: mission.id });
    const place = ada.prospect_context.missions[0];
    expect(place).toMatchObject({ id: mission.id, score_version: 1 });
    expect(ada.lead.score).toBe(place.score);
    const text = place.score_explanation.join("\n");
    expect(text).toContain("+3 'head of sales' in job title");
    expect(text).toContain("51-200 fits the offer's ideal range 51-200");
    expect(text).toContain("provenance 70/100");
    expect(text).toMatch(/score \d+ = weighted average/);
    const bob = await run("lead.get", { lead_id: found.leads[1].lead_id });
    expect(bob.prospect_context.missions[0].score_explanation.join("\n")).toContain("−4 'intern' in job title");
    expect(registry["lead.get"].validateOutput(ada)).toBe(true);
    // The breakdown is computed again from the stored version, and checked against the stored score.
    expect(place.score_explanation[0]).toMatch(/^provenance/);
    await server.running.local.store.transaction("write", (repos) =>
      repos.scores.write([{ mission_id: mission.id, lead_id: ada.lead_id, score: 3, score_version: 1 }]),
    );
    const stale = (await run("lead.get", { lead_id: ada.lead_id, mission_id: mission.id })).prospect_context.missions[0];
    expect(stale.score).toBe(3);
    expect(stale.score_explanation[0]).toBe(
      `stored score 3 differs from what profile version 1 gives this lead now (${place.score}): the lead, its mission's offer or its import changed after it was scored; lead.rescore brings it up to date`,
    );
    expect(stale.score_explanation.slice(1)).toEqual(place.score_explanation);
    await run("lead.rescore", { lead_ids: [ada.lead_id] });
    expect((await run("lead.get", { lead_id: ada.lead_id, mission_id: mission.id })).prospect_context.missions[0]).toMatchObject({
      score: place.score,
      score_explanation: place.score_explanation,
    });
    // min_score filters on the computed score in the mission.
    const qualified = await run("lead.search", { mission_id: mission.id, min_score: 50 });
    expect(qualified.leads.map((l: { name: string }) => l.name)).toEqual(["Ada Lovelace"]);
    expect((await run("scoring.status.get", { mission_id: mission.id })).mission_leads).toMatchObject({ total: 2, current: 2, qualified: 1 });
  });

  it("rescores every lead in the background after a profile change, and rescores on status changes", async () => {
    await run("scoring.profile.update", { patterns: [{ pattern: "cfo", weight: 2 }] });
    const mission = (await run("mission.create", { name: "Finance" })).mission;
    const leads = Array.from({ length: 30 }, (_, i) => ({ email: `p${i}@example.com`, job_title: i % 2 ? "CFO" : "Engineer" }));
    await run("import.leads", { mission_id: mission.id, name: "Finance people", leads });
    const before = await run("lead.search", { mission_id: mission.id, min_score: 60, limit: 100 });
    const change = await run("scoring.profile.update", { patterns: [{ pattern: "engineer", weight: 3 }] });
    expect(change.rescore_job_id).toMatch(/^job_/);
    await drain();
    const status = await run("scoring.status.get", { mission_id: mission.id });
    expect(status.mission_leads).toMatchObject({ total: 30, current: 30, older: 0 });
    expect(status.jobs[0]).toMatchObject({ job_id: change.rescore_job_id, status: "done", profile_version: 2 });
    const after = await run("lead.search", { mission_id: mission.id, min_score: 60, limit: 100 });
    expect(new Set(after.leads.map((l: { lead_id: string }) => l.lead_id))).not.toEqual(
      new Set(before.leads.map((l: { lead_id: string }) => l.lead_id)),
    );
    const one = after.leads[0].lead_id;
    const scoreBefore = (await run("lead.get", { lead_id: one, mission_id: mission.id })).lead.score;
    await run("lead.update_status", { lead_id: one, status: "Replied" });
    const replied = await run("lead.get", { lead_id: one, mission_id: mission.id });
    expect(replied.lead.score).toBeGreaterThan(scoreBefore);
    expect(replied.prospect_context.missions[0].score_explanation.join("\n")).toContain("activity 100/100 (weight 1): status Replied");
  });

  it("lead.rescore dry_run reports what would change; lead_ids rescore at once; a mission scope queues a job", async () => {
    // The worker would rescore between the calls below; this test runs the job itself.
    await server.running.local.jobs.stop();
    const mission = (await run("mission.create", { name: "Before profile" })).mission;
    const lead = await run("lead.upsert", { email: "early@example.com", job_title: "VP Sales", mission_id: mission.id, score: 12 });
    expect(lead.lead.score).toBe(12);
    expect((await fails("lead.rescore", { dry_run: true })).code).toBe("conflict");
    // A profile update queues a job; nothing is rescored until it runs, so a dry run sees the change.
    await run("scoring.profile.update", { patterns: [{ pattern: "vp sales", weight: 4 }] });
    const dry = await run("lead.rescore", { mission_id: mission.id, dry_run: true });
    expect(dry).toMatchObject({ dry_run: true, in_scope: 1, examined: 1, changed: 1, rescore_queued: false, job_id: null });
    expect(dry.sample[0]).toMatchObject({ lead_id: lead.lead_id, mission_id: mission.id, score_before: null });
    const now = await run("lead.rescore", { lead_ids: [lead.lead_id] });
    expect(now).toMatchObject({ dry_run: false, examined: 1, changed: 1 });
    expect((await run("lead.get", { lead_id: lead.lead_id })).lead.score).toBe(now.sample[0].score_after);
    const queued = await run("lead.rescore", { mission_id: mission.id });
    expect(queued).toMatchObject({ rescore_queued: true, examined: 0 });
    await drain();
    expect((await run("scoring.status.get", {})).jobs.find((j: { job_id: string }) => j.job_id === queued.job_id)).toMatchObject({
      status: "done",
      mission_id: mission.id,
    });
    // Scopes given together narrow each other: the lead in its mission, and nothing in another mission.
    expect(await run("lead.rescore", { mission_id: mission.id, lead_ids: [lead.lead_id], dry_run: true })).toMatchObject({
      in_scope: 1,
      examined: 1,
    });
    const other = (await run("mission.create", { name: "Elsewhere" })).mission;
    expect(await run("lead.rescore", { mission_id: other.id, lead_ids: [lead.lead_id], dry_run: true })).toMatchObject({ in_scope: 0, examined: 0 });
    server.running.local.jobs.start();
  });

  it("applies feedback it can read as rules and keeps the rest for a person", async () => {
    const failed = await client.runAny("scoring.feedback.create", { message: "not great leads this week" });
    expect(failed.ok && failed.data).toMatchObject({ status: "failed", profile_version: 0, rescore_queued: false });
    expect(failed.meta.warnings.join(" ")).toContain('+3 "head of sales"');
    const applied = await run("scoring.feedback.create", { message: 'More of these: +3 "head of sales", and threshold 65' });
    expect(applied).toMatchObject({ status: "applied", profile_version: 1, rescore_queued: true });
    expect((await run("scoring.profile.get", {})).profile.definition).toMatchObject({
      threshold: 65,
      patterns: [{ pattern: "head of sales", weight: 3 }],
    });
    const lead = await run("lead.upsert", { email: "intern@example.com", job_title: "Marketing Intern" });
    await run("scoring.feedback.create", { message: "no", lead_id: lead.lead_id, verdict: "bad_fit" });
    await run("scoring.feedback.create", { message: "really no", lead_id: lead.lead_id, verdict: "bad_fit" });
    const profile = (await run("scoring.profile.get", {})).profile;
    expect(profile.version).toBe(3);
    expect(profile.definition.patterns).toContainEqual({ pattern: "Marketing Intern", weight: -3, field: "job_title", scope: "global" });
    expect(registry["scoring.feedback.create"].validateOutput(applied)).toBe(true);
  });
});
