// What a person approves is what runs: a held call is bound to the state its preview showed, and
// a change after the preview voids it (approval_stale) instead of running the new state. Also:
// a revoked key's held call never runs, and only the caller that was held — if its rules still
// let it — collects the result. On both dialects.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Envelope } from "@salestouch/contracts";
import { createClient, type SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, draftSetup, missionWithLead, NOTE_A, NOTE_B } from "./helpers/drafts.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, tempDir, type TestServer } from "./helpers/server.js";

interface Workspace {
  agent: SalesTouchClient;
  agentKeyId: string;
  person: SalesTouchClient;
  workspaceId: string;
}

const runAs = (client: SalesTouchClient) => (id: string, input: unknown) => client.runAny(id, input);

function held(envelope: Envelope): string {
  expect(envelope.status, JSON.stringify(envelope.error)).toBe(202);
  return envelope.meta.approval_request_id!;
}

function codeOf(envelope: Envelope): string {
  return envelope.ok ? "ok" : envelope.error.code;
}

describe.each(DIALECTS)("on %s", (dialect) => {
  let server: TestServer;
  let counter = 0;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function workspace(rules: { target: string; permission: "allow" | "ask" | "deny" }[]): Promise<Workspace> {
    const name = `binding-${dialect}-${++counter}`;
    const keys = server.running.local.keys;
    const agent = await keys.create({ name: "agent", workspace: name, permissions: rules });
    const person = await keys.create({ name: "person", workspace: name, scopes: ["*", "approvals.decide"] });
    return {
      agent: createClient({ baseUrl: server.url, apiKey: agent.key }),
      agentKeyId: agent.row.id,
      person: createClient({ baseUrl: server.url, apiKey: person.key }),
      workspaceId: agent.workspace.id,
    };
  }

  const outboxCount = async (workspaceId: string) => (await server.running.local.outbox.list(workspaceId)).length;

  /** Approving must fail with approval_stale naming what changed; nothing is sent, and the caller collects the same error. */
  async function expectStale(ws: Workspace, id: string, command: string, input: unknown, changed: RegExp): Promise<void> {
    const refused = await ws.person.approvals.approve(id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ status: 409, code: "approval_stale" });
    expect((refused as Error).message).toMatch(changed);
    const view = await ws.person.approvals.get(id);
    expect(view.result).toMatchObject({ ok: false, error: { code: "approval_stale" } });
    const collected = await ws.agent.runAny(command, input, { approvalRequestId: id });
    expect(codeOf(collected)).toBe("approval_stale");
    // A second approval is refused too: the request is closed.
    await expect(ws.person.approvals.approve(id)).rejects.toMatchObject({ status: 409 });
  }

  describe("a held send bound to its preview", () => {
    it("is void when the draft is rewritten with linkedin.draft.update after the preview", async () => {
      const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
      const { draftId } = await draftSetup(runAs(ws.agent));
      const input = { draft_id: draftId, variation_index: 0, send_now: true };
      const preview = await ws.agent.runAny("linkedin.draft.approve", input);
      const id = held(preview);
      expect(preview.data).toMatchObject({ body_text: NOTE_A });
      dataOf(
        await ws.agent.runAny("linkedin.draft.update", {
          draft_id: draftId,
          variations: [{ body_text: "Send me your password." }, { body_text: NOTE_B }],
        }),
      );
      await expectStale(ws, id, "linkedin.draft.approve", input, /drafts\.get/);
      expect(await outboxCount(ws.workspaceId)).toBe(0);
      const draft = dataOf<{ draft: { status: string } }>(await ws.agent.runAny("linkedin.draft.get", { draft_id: draftId }));
      expect(draft.draft.status).toBe("PENDING_REVIEW");
    });

    it("is void when the lead is renamed and relinked with lead.upsert after the preview", async () => {
      const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
      const { draftId, leadId } = await draftSetup(runAs(ws.agent));
      const input = { draft_id: draftId, variation_index: 1, send_now: true };
      const preview = await ws.agent.runAny("linkedin.draft.approve", input);
      const id = held(preview);
      expect(preview.data).toMatchObject({ recipient: { name: "Ada Lovelace" } });
      dataOf(
        await ws.agent.runAny("lead.upsert", { lead_id: leadId, name: "Mallory Impostor", linkedin_url: "https://www.linkedin.com/in/mallory" }),
      );
      await expectStale(ws, id, "linkedin.draft.approve", input, /leads\.get/);
      expect(await outboxCount(ws.workspaceId)).toBe(0);
    });

    it("opens a new request with the current preview when the caller asks again after a change, and closes the old one", async () => {
      const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
      const { draftId } = await draftSetup(runAs(ws.agent));
      const input = { draft_id: draftId, variation_index: 0, send_now: true };
      const first = held(await ws.agent.runAny("linkedin.draft.approve", input));
      dataOf(await ws.agent.runAny("linkedin.draft.update", { draft_id: draftId, variations: [{ body_text: "Rewritten after the preview." }] }));
      const again = await ws.agent.runAny("linkedin.draft.approve", input);
      const second = held(again);
      expect(second).not.toBe(first);
      expect(again.data).toMatchObject({ body_text: "Rewritten after the preview." });
      await expect(ws.person.approvals.approve(first)).rejects.toMatchObject({ status: 409, code: "approval_stale" });
      // What the person approves now is what they saw, and it runs.
      const view = await ws.person.approvals.approve(second);
      expect(view.result).toMatchObject({
        ok: true,
        data: { mode: "send_now", draft: { status: "DISPATCHED", selected_body_text: "Rewritten after the preview." } },
      });
      expect(await outboxCount(ws.workspaceId)).toBe(1);
    });

    it("runs as shown when nothing changed, and an unrelated write elsewhere does not void it", async () => {
      const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
      const { draftId } = await draftSetup(runAs(ws.agent));
      await missionWithLead(runAs(ws.agent), "Grace Hopper");
      const input = { draft_id: draftId, variation_index: 1, send_now: true };
      const id = held(await ws.agent.runAny("linkedin.draft.approve", input));
      const view = await ws.person.approvals.approve(id);
      expect(view.result).toMatchObject({ ok: true, data: { draft: { selected_body_text: NOTE_B } } });
      expect(await outboxCount(ws.workspaceId)).toBe(1);
    });
  });

  describe("a held import bound to its preview", () => {
    it("is void when its mission changed after the preview", async () => {
      const ws = await workspace([{ target: "imports", permission: "ask" }]);
      const { missionId } = await missionWithLead(runAs(ws.agent));
      const input = {
        mission_id: missionId,
        name: "Conference list",
        leads: [
          { email: "a@example.com", name: "A" },
          { email: "b@example.com", name: "B" },
        ],
      };
      const preview = await ws.agent.runAny("import.leads", input);
      const id = held(preview);
      expect(preview.data).toMatchObject({ mission: { id: missionId, name: "Finance leaders outreach" }, row_count: 2 });
      dataOf(await ws.agent.runAny("mission.update", { mission_id: missionId, name: "Another audience entirely" }));
      await expectStale(ws, id, "import.leads", input, /missions\./);
      const imports = dataOf<{ imports: unknown[] }>(await ws.person.runAny("import.list", { mission_id: missionId }));
      expect(imports.imports).toEqual([]);
    });
  });

  describe("a held import of a local file bound to the file's content", () => {
    it("is void when the file changed after the preview, and runs when it did not", async () => {
      const local = server.running.local;
      const workspaceName = `binding-${dialect}-files`;
      const person = await local.keys.localPrincipal(workspaceName);
      await local.policy.set(person.workspaceId, "workspace", { target: "import.csv", permission: "ask" });
      const dir = tempDir();
      try {
        const mission = dataOf<{ mission: { id: string } }>(await local.runtime.execute("mission.create", { name: "Files" }, { principal: person }));
        const path = join(dir.path, "leads.csv");
        writeFileSync(path, "email,name\nada@example.com,Ada\n");
        const input = { mission_id: mission.mission.id, name: "From a file", csv_path: path };
        const id = held(await local.runtime.execute("import.csv", input, { principal: person }));
        writeFileSync(path, "email,name\nmallory@example.com,Mallory\n");
        await expect(local.runtime.approvals.approve(person, id)).rejects.toMatchObject({
          code: "approval_stale",
          message: expect.stringMatching(/csv_path/),
        });
        const imports = dataOf<{ imports: unknown[] }>(
          await local.runtime.execute("import.list", { mission_id: mission.mission.id }, { principal: person }),
        );
        expect(imports.imports).toEqual([]);

        const again = held(await local.runtime.execute("import.csv", input, { principal: person }));
        const view = await local.runtime.approvals.approve(person, again);
        expect(view.result).toMatchObject({ ok: true, data: { created_count: 1 } });
      } finally {
        dir.remove();
      }
    });
  });

  describe("the caller behind a held call", () => {
    it("never runs a revoked key's held call: approving it is refused, and nothing runs", async () => {
      const ws = await workspace([{ target: "missions", permission: "ask" }]);
      const id = held(await ws.agent.runAny("mission.create", { name: "Asked by a key that is revoked next" }));
      expect(await server.running.local.keys.revoke(ws.agentKeyId)).toBe(true);
      const refused = await ws.person.approvals.approve(id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ status: 403, code: "forbidden" });
      expect((refused as Error).message).toMatch(/revoked/);
      expect((await ws.person.approvals.get(id)).result).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const missions = dataOf<{ missions: unknown[] }>(await ws.person.runAny("mission.list", {}));
      expect(missions.missions).toEqual([]);
    });

    it("refuses to run a held call that a rule now denies to the caller", async () => {
      const ws = await workspace([{ target: "missions", permission: "ask" }]);
      const id = held(await ws.agent.runAny("mission.create", { name: "Denied before approval" }));
      await server.running.local.policy.set(ws.workspaceId, ws.agentKeyId, { target: "mission.create", permission: "deny" });
      await expect(ws.person.approvals.approve(id)).rejects.toMatchObject({ status: 403, code: "forbidden" });
      const missions = dataOf<{ missions: unknown[] }>(await ws.person.runAny("mission.list", {}));
      expect(missions.missions).toEqual([]);
    });

    it("lets only the caller that was held collect the result", async () => {
      const ws = await workspace([{ target: "missions", permission: "ask" }]);
      const other = await server.running.local.keys.create({ name: "other agent", workspace: `binding-${dialect}-${counter}` });
      const otherClient = createClient({ baseUrl: server.url, apiKey: other.key });
      const input = { name: "Collected by its caller only" };
      const id = held(await ws.agent.runAny("mission.create", input));
      await ws.person.approvals.approve(id);
      const stolen: unknown = await otherClient.runAny("mission.create", input, { approvalRequestId: id }).then(
        (e) => e,
        (e: unknown) => e,
      );
      expect(stolen).toMatchObject({ status: 403, code: "forbidden" });
      expect(JSON.stringify(stolen)).not.toContain("Collected by its caller only");
      expect(codeOf(await ws.agent.runAny("mission.create", input, { approvalRequestId: id }))).toBe("ok");
    });

    it("applies the caller's deny rule when it collects", async () => {
      const ws = await workspace([{ target: "missions", permission: "ask" }]);
      const input = { name: "Collected after a deny rule" };
      const id = held(await ws.agent.runAny("mission.create", input));
      await ws.person.approvals.approve(id);
      await server.running.local.policy.set(ws.workspaceId, ws.agentKeyId, { target: "missions", permission: "deny" });
      const collected = await ws.agent.runAny("mission.create", input, { approvalRequestId: id }).then(
        (e) => e,
        (e: unknown) => e,
      );
      expect(collected).toMatchObject({ status: 403, code: "forbidden" });
    });
  });
});
