// A new workspace starts safe: approval-risk commands and sends wait for a person when an API key
// calls them, while the published default_permission (allow) and local use are unchanged; one
// policy rule relaxes it; the server's banner and `config show` say so.
import type { Envelope } from "@salestouch/contracts";
import { createClient } from "@salestouch/client";
import { describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson } from "./helpers/cli.js";
import { dataOf, draftSetup } from "./helpers/drafts.js";
import { DIALECTS } from "./helpers/postgres.js";
import { spawnServer } from "./helpers/server-process.js";
import { startTestServer, tempDir } from "./helpers/server.js";

const LEADS = [{ name: "Ada Lovelace", email: "ada@analytical.example", company: "Analytical Engines" }];

describe.each(DIALECTS)("a new workspace on %s", (dialect) => {
  it("holds imports and sends for API keys until a person relaxes the policy", async () => {
    const server = await startTestServer({ dialect, startingPolicy: true });
    const sandbox = cliSandbox();
    try {
      const { client } = await server.clientFor("fresh");
      const run = (id: string, input: unknown) => client.runAny(id, input);
      const missionId = dataOf<{ mission: { id: string } }>(await run("mission.create", { name: "Safe by default" })).mission.id;
      const held = await run("import.leads", { mission_id: missionId, name: "Held", leads: LEADS });
      expect(held).toMatchObject({ ok: true, status: 202, meta: { approval_required: true } });
      const { draftId } = await draftSetup(run);
      expect(await run("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true })).toMatchObject({
        status: 202,
        meta: { approval_required: true },
      });
      // The published descriptors keep default_permission allow; the hold is the workspace's rule.
      const catalog = (await (
        await server.fetch("/api/v1/commands/import.leads/schema", { headers: { authorization: `Bearer ${server.key}` } })
      ).json()) as { data: { command: { default_permission: string } } };
      expect(catalog.data.command.default_permission).toBe("allow");

      const relaxed = await sandbox.run(["policy", "set", "imports", "allow", "--workspace", "fresh"], {
        env: { SALESTOUCH_DATABASE_URL: server.databaseUrl },
      });
      expect(relaxed.code, relaxed.stderr).toBe(0);
      const ran = (await run("import.leads", { mission_id: missionId, name: "Ran", leads: LEADS })) as Envelope;
      expect(ran).toMatchObject({ ok: true, meta: { approval_required: false } });
      expect(await run("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true })).toMatchObject({
        status: 202,
        meta: { approval_required: true },
      });
    } finally {
      sandbox.remove();
      await server.stop();
    }
  });
});

describe("the person at the machine", () => {
  it("runs imports and sends in local mode without approval, and config show names what keys wait for", async () => {
    const sandbox = cliSandbox();
    try {
      const mission = await runCommandJson(sandbox, "mission.create", { name: "Local" });
      const missionId = (mission.envelope.data as { mission: { id: string } }).mission.id;
      const imported = await runCommandJson(sandbox, "import.leads", { mission_id: missionId, name: "Local import", leads: LEADS });
      expect(imported.code).toBe(0);
      expect(imported.envelope.meta.approval_required).toBe(false);
      const { json } = await sandbox.runJson<{ permissions: { ask: string[]; api_keys: { ask: string[] } } }>(["config", "show", "--json"]);
      expect(json.permissions.ask).toEqual([]);
      expect(json.permissions.api_keys.ask).toEqual([
        "import.csv",
        "import.leads",
        "import.linkedin.search",
        "import.sales_nav.filters",
        "linkedin.draft.approve",
      ]);
      const human = await sandbox.run(["config", "show"]);
      expect(human.stdout).toContain(
        "for its API keys, ask: import.csv, import.leads, import.linkedin.search, import.sales_nav.filters, linkedin.draft.approve",
      );
    } finally {
      sandbox.remove();
    }
  });

  it("sees the starting policy in the banner of npm start", async () => {
    const dir = tempDir();
    const server = await spawnServer({ SALESTOUCH_HOME: dir.path });
    try {
      expect(server.output()).toContain(
        "approvals:  API keys wait for a person on import.csv, import.leads, import.linkedin.search, import.sales_nav.filters, linkedin.draft.approve",
      );
      expect(server.output()).toContain("salestouch policy set imports allow");
      const key = createClient({ baseUrl: server.url, apiKey: server.key! });
      const mission = dataOf<{ mission: { id: string } }>(await key.runAny("mission.create", { name: "First" }));
      expect(await key.runAny("import.leads", { mission_id: mission.mission.id, name: "First import", leads: LEADS })).toMatchObject({ status: 202 });
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      dir.remove();
    }
  });
});
