// The passes of a workspace-wide rescoring job, batch by batch, on both dialects: the first pass
// reads leads as one range after the cursor and never splits a lead's missions between batches
// (a lead with more links than a batch holds is taken whole on its own); a mission lead put back
// on an older version behind the cursor is found by the second pass before the job is done; a large
// batch gives the event loop turns between its slices, so reads are answered before it commits.
import { runRescoreBatch, SLICE } from "@salestouch/commands";
import { defaultConfig, openRuntime, type LocalRuntime } from "@salestouch/host";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "./helpers/postgres.js";
import { tempDir } from "./helpers/server.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A runtime with batches of 2, its local principal (no starting rules) and a command runner that throws on failure. */
async function open(dialect: (typeof DIALECTS)[number]) {
  let databaseUrl: string;
  if (dialect === "postgres") databaseUrl = await createTestDatabase("passes");
  else {
    const dir = tempDir("rescore-passes-");
    cleanups.push(() => dir.remove());
    databaseUrl = `sqlite:${dir.path}/db.sqlite`;
  }
  const local: LocalRuntime = await openRuntime({ databaseUrl, config: defaultConfig({ rescoreBatch: 2 }) });
  cleanups.push(() => local.close());
  const principal = await local.keys.localPrincipal();
  await local.policy.removeStartingRules(principal.workspaceId);
  // biome-ignore lint/suspicious/noExplicitAny: outputs of several commands read field by field
  const run = async (id: string, input: unknown): Promise<any> => {
    const result = await local.runtime.execute(id, input, { principal });
    if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  return { local, principal, run };
}

describe.each(DIALECTS)("rescoring passes on %s", (dialect) => {
  it("takes each lead whole in pass 1 and finds a lead put back on an older version in pass 2", async () => {
    const { local, principal, run } = await open(dialect);
    const missions: string[] = [];
    for (const name of ["One", "Two", "Three"]) missions.push((await run("mission.create", { name })).mission.id);
    // The first lead (lowest id) is in three missions: more links than a batch of 2 holds.
    for (const mission of missions)
      await run("import.leads", { mission_id: mission, name: "wide", leads: [{ email: "wide@example.com", job_title: "Head of Sales" }] });
    const leads = Array.from({ length: 7 }, (_, i) => ({ email: `p${i}@example.com`, job_title: i % 2 ? "Head of Sales" : "Intern" }));
    await run("import.leads", { mission_id: missions[0], name: "more", leads });
    const ws = principal.workspaceId;

    await run("scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 3 }] });
    await local.jobs.drain();
    const job = (await run("scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 2 }] })).rescore_job_id as string;
    const batch = () => local.store.transaction("write", (repos) => runRescoreBatch(repos, job, { batchSize: 2, now: new Date().toISOString() }));

    // Batch 1: the three-mission lead alone, all its links together.
    expect(await batch()).toEqual({ kind: "progress", leads: 1 });
    let row = (await local.store.repositories.scoringJobs.get(job))!;
    const wide = row.cursor;
    expect(row.pass).toBe(1);
    expect(await local.store.repositories.scores.counts({ workspaceId: ws }, 2, null)).toMatchObject({ total: 10, current: 3 });
    // Batch 2: the next two leads.
    expect(await batch()).toEqual({ kind: "progress", leads: 3 });
    // A write scored by an older version lands behind the cursor.
    await local.store.transaction("write", (repos) => repos.scores.write([{ mission_id: missions[1]!, lead_id: wide, score: 1, score_version: 1 }]));

    let outcome = await batch();
    for (let i = 0; outcome.kind === "progress" && i < 20; i++) outcome = await batch();
    expect(outcome.kind).toBe("done");
    row = (await local.store.repositories.scoringJobs.get(job))!;
    expect(row.pass).toBe(2);
    expect(row.status).toBe("done");
    // Eight leads in pass 1, the one put back once more in pass 2.
    expect(row.leads_done).toBe(9);
    expect(await local.store.repositories.scores.counts({ workspaceId: ws }, 2, null)).toMatchObject({ total: 10, current: 10, older: 0 });
    const status = await run("scoring.status.get", {});
    expect(status.mission_leads).toMatchObject({ total: 10, current: 10, older: 0, unscored: 0 });
  });

  it("reads and writes a large batch in slices, answering reads before it commits", async () => {
    const { local, principal, run } = await open(dialect);
    const mission = (await run("mission.create", { name: "Wide" })).mission.id;
    const leads = Array.from({ length: 8 * SLICE }, (_, i) => ({ email: `s${i}@example.com`, job_title: i % 3 ? "Head of Sales" : "Intern" }));
    await run("import.leads", { mission_id: mission, name: "slices", leads });
    await run("scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 3 }] });
    await local.jobs.drain();
    const job = (await run("scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 2 }] })).rescore_job_id as string;

    // One batch larger than the job (its first pass and its sweep): every lead in one transaction,
    // several slices. Turns of the loop come between slices (on SQLite every statement is
    // synchronous, so without them no callback would run until the batch commits), and a read asked
    // for in one of them answers with the scores as they were before the batch.
    let committed = false;
    let turns = 0;
    const reads: Promise<{ current: number; committed: boolean }>[] = [];
    const batch = local.store
      .transaction("write", (repos) => runRescoreBatch(repos, job, { batchSize: 20 * SLICE, now: new Date().toISOString() }), { batch: true })
      .finally(() => {
        committed = true;
      });
    let reading = false;
    const tick = () => {
      if (committed) return;
      turns++;
      if (!reading) {
        reading = true;
        const read = local.store.transaction("read", (repos) => repos.scores.counts({ workspaceId: principal.workspaceId }, 2, null));
        reads.push(read.then((counts) => ({ current: counts.current, committed })).finally(() => (reading = false)));
      }
      setImmediate(tick);
    };
    setImmediate(tick);
    expect(await batch).toEqual({ kind: "done", leads: 8 * SLICE });
    expect(turns).toBeGreaterThan(1);
    // Never a part of the batch: each read saw all of it or none (on PostgreSQL a read can begin
    // after the commit reached the server and end before this side has heard of it).
    const seen = await Promise.all(reads);
    for (const read of seen) expect([0, 8 * SLICE]).toContain(read.current);
    expect(seen.some((read) => !read.committed && read.current === 0)).toBe(true);
    expect(await local.store.repositories.scores.counts({ workspaceId: principal.workspaceId }, 2, null)).toMatchObject({
      total: 8 * SLICE,
      current: 8 * SLICE,
    });
  });
});
