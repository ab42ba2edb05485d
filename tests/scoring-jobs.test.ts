// Background rescoring with real server processes: a server killed with SIGKILL mid-job resumes
// at the batch it stopped at (SQLite), and two replicas on one PostgreSQL database share a job
// without rescoring any mission lead twice, leaving none on an older version once it reports done.
import type { Envelope } from "@salestouch/contracts";
import { openRuntime } from "@salestouch/host";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/postgres.js";
import { spawnServer, type ServerProcess } from "./helpers/server-process.js";
import { tempDir } from "./helpers/server.js";

const spawned: ServerProcess[] = [];
afterEach(async () => {
  for (const server of spawned.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
    await server.exited;
  }
});

async function start(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const server = await spawnServer(env);
  spawned.push(server);
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: outputs of many commands read field by field
async function run<T = any>(server: ServerProcess, key: string, id: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1/commands/${id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input }),
  });
  const envelope = (await res.json()) as Envelope;
  if (!envelope.ok) throw new Error(`${id}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

/** Not about approvals: the first key runs imports without a person, as default_permission says. */
async function relaxStartingPolicy(databaseUrl: string): Promise<void> {
  const local = await openRuntime({ databaseUrl });
  try {
    await local.policy.removeStartingRules((await local.store.repositories.workspaces.findByName("default"))!.id);
  } finally {
    await local.close();
  }
}

async function seed(server: ServerProcess, key: string, count: number, tag: string): Promise<string> {
  const mission = (await run(server, key, "mission.create", { name: `Rescoring ${tag}` })).mission.id as string;
  for (let start = 0; start < count; start += 2000) {
    const leads = Array.from({ length: Math.min(2000, count - start) }, (_, i) => ({
      email: `${tag}${start + i}@example.com`,
      job_title: (start + i) % 3 ? "Head of Sales" : "Intern",
    }));
    await run(server, key, "import.leads", { mission_id: mission, name: `${tag} part ${start}`, leads });
  }
  return mission;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe("rescoring jobs", () => {
  it("resume after kill -9 at the batch where they stopped (SQLite)", async () => {
    const dir = tempDir("rescore-kill-");
    try {
      const env = { SALESTOUCH_DATABASE_URL: `sqlite:${dir.path}/db.sqlite`, SALESTOUCH_RESCORE_BATCH: "10" };
      const first = await start(env);
      const key = first.key!;
      await relaxStartingPolicy(env.SALESTOUCH_DATABASE_URL);
      await seed(first, key, 2000, "k");
      const job = (await run(first, key, "scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 3 }] })).rescore_job_id as string;
      await until(
        "the job to be under way",
        () => run(first, key, "scoring.status.get", {}),
        (s) => s.jobs[0].leads_done >= 200,
      );
      first.child.kill("SIGKILL");
      await first.exited;

      // Read through the host, whose rescoring worker runs only when a surface starts it.
      const local = await openRuntime({ databaseUrl: env.SALESTOUCH_DATABASE_URL });
      const stopped = (await local.store.repositories.scoringJobs.get(job))!;
      const scored = await local.store.repositories.scores.counts({ workspaceId: stopped.workspace_id }, 1, 50);
      await local.close();
      expect(stopped.status).toBe("running");
      expect(stopped.leads_done).toBeLessThan(2000);
      // Every committed batch wrote its scores and moved the cursor together; nothing else was written.
      expect(scored.current).toBe(stopped.leads_done);

      const second = await start(env);
      const status = await until(
        "the job to finish",
        () => run(second, key, "scoring.status.get", {}),
        (s) => s.jobs[0].status === "done",
      );
      expect(status.mission_leads).toMatchObject({ total: 2000, current: 2000, older: 0, unscored: 0 });
      // Resumed at the cursor: no lead was rescored twice.
      expect(status.jobs[0].leads_done).toBe(2000);
    } finally {
      dir.remove();
    }
  });

  it("are shared by two PostgreSQL replicas: no batch twice, no lead left on an older version", async () => {
    const databaseUrl = await createTestDatabase("rescore");
    const env = { DATABASE_URL: databaseUrl, SALESTOUCH_DATABASE_URL: "", SALESTOUCH_RESCORE_BATCH: "25" };
    const [a, b] = await Promise.all([start(env), start(env)]);
    const key = (a.key ?? b.key)!;
    await relaxStartingPolicy(databaseUrl);
    await seed(a, key, 2000, "r");
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Every batch a job committed (the pass and cursor it started from) and every change of a
      // mission lead's score version, recorded by the database itself.
      await db.query(`create table batches (job_id text, from_pass integer, from_cursor text, to_cursor text);
        create function record_batch() returns trigger language plpgsql as $$
          begin insert into batches values (new.id, old.pass, old.cursor, new.cursor); return new; end $$;
        create trigger record_batch after update on scoring_jobs for each row
          when (new.cursor <> old.cursor or new.pass <> old.pass) execute function record_batch();
        create table rescore_writes (mission_id text, lead_id text, version integer);
        create function count_rescore() returns trigger language plpgsql as $$
          begin insert into rescore_writes values (new.mission_id, new.lead_id, new.score_version); return new; end $$;
        create trigger count_rescore after update on mission_leads for each row
          when (new.score_version is distinct from old.score_version) execute function count_rescore();`);
      await run(a, key, "scoring.profile.update", { patterns: [{ pattern: "head of sales", weight: 3 }] });
      await until(
        "the first job to be under way",
        () => run(b, key, "scoring.status.get", {}),
        (s) => s.jobs[0].leads_done >= 100,
        20_000,
        20,
      );
      // A second version while the first is running, and writes on both replicas meanwhile.
      const [, , second] = await Promise.all([
        run(a, key, "import.leads", {
          mission_id: (await run(a, key, "mission.create", { name: "Meanwhile" })).mission.id,
          name: "meanwhile",
          leads: [{ email: "new@example.com", job_title: "Intern" }],
        }),
        run(b, key, "lead.upsert", { email: "r1@example.com", job_title: "VP Sales" }),
        run(b, key, "scoring.profile.update", {
          patterns: [
            { pattern: "head of sales", weight: 3 },
            { pattern: "intern", weight: -4 },
          ],
        }),
      ]);
      const status = await until(
        "the second job to finish",
        () => run(a, key, "scoring.status.get", {}),
        (s) => s.jobs.find((j: { job_id: string }) => j.job_id === second.rescore_job_id)?.status === "done",
      );
      expect(status.profile_version).toBe(2);
      expect(status.mission_leads).toMatchObject({ total: 2001, current: 2001, older: 0, unscored: 0 });
      expect(status.jobs.map((j: { status: string }) => j.status)).toEqual(["done", "superseded"]);
      const batches = await db.query(
        "select job_id, count(*)::int as n, count(distinct (from_pass, from_cursor))::int as starts from batches group by job_id",
      );
      for (const row of batches.rows) expect(row.starts).toBe(row.n);
      expect(batches.rows.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBeGreaterThan(80);
      const twice = await db.query("select mission_id, lead_id, version, count(*) from rescore_writes group by 1, 2, 3 having count(*) > 1");
      expect(twice.rows).toEqual([]);
      const leftBehind = await db.query("select count(*)::int as n from mission_leads where score_version is distinct from 2");
      expect(leftBehind.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
