// The approval gate over REST: ask holds the call (202 and a preview), the same input reuses the
// request, a person with approvals.decide approves or denies, the caller collects the stored
// result with approval_request_id, and approvals run exactly once even when they race.
import type { Envelope } from "@salestouch/contracts";
import { createClient, type SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, draftSetup, missionWithLead, NOTE_B } from "./helpers/drafts.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

interface Workspace {
  agent: SalesTouchClient;
  agentKeyId: string;
  person: SalesTouchClient;
  personKeyId: string;
  workspaceId: string;
}

/** A workspace with an agent key (scope *, holding the rules given) and a person's key that may decide. */
async function workspace(rules: { target: string; permission: "allow" | "ask" | "deny" }[] = []): Promise<Workspace> {
  const name = `approvals-${++counter}`;
  const keys = server.running.local.keys;
  const agent = await keys.create({ name: "agent", workspace: name, permissions: rules });
  const person = await keys.create({ name: "person", workspace: name, scopes: ["*", "approvals.decide"] });
  return {
    agent: createClient({ baseUrl: server.url, apiKey: agent.key }),
    agentKeyId: agent.row.id,
    person: createClient({ baseUrl: server.url, apiKey: person.key }),
    personKeyId: person.row.id,
    workspaceId: agent.workspace.id,
  };
}

const runAs = (client: SalesTouchClient) => (id: string, input: unknown) => client.runAny(id, input);

async function outboxCount(workspaceId: string): Promise<number> {
  return (await server.running.local.outbox.list(workspaceId)).length;
}

function held(envelope: Envelope): string {
  expect(envelope.ok, JSON.stringify(envelope.error)).toBe(true);
  expect(envelope.status).toBe(202);
  expect(envelope.meta.approval_required).toBe(true);
  expect(envelope.meta.approval_request_id).toMatch(/^apr_/);
  return envelope.meta.approval_request_id!;
}

describe("a call held by an ask rule", () => {
  it("answers 202 with the preview and dispatches nothing", async () => {
    const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
    const { draftId, leadId } = await draftSetup(runAs(ws.agent));
    const envelope = await ws.agent.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 1, send_now: true });
    held(envelope);
    expect(envelope.meta.command_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(envelope.data).toMatchObject({
      draft_id: draftId,
      lead_id: leadId,
      variation_index: 1,
      body_text: NOTE_B,
      send_now: true,
      dispatcher: "outbox",
      recipient: { name: "Ada Lovelace" },
    });
    const draft = dataOf<{ draft: { status: string } }>(await ws.agent.runAny("linkedin.draft.get", { draft_id: draftId }));
    expect(draft.draft.status).toBe("PENDING_REVIEW");
    expect(await outboxCount(ws.workspaceId)).toBe(0);
  });

  it("reuses the pending request for the same input and opens another for a different input", async () => {
    const ws = await workspace([{ target: "linkedin", permission: "ask" }]);
    const { draftId } = await draftSetup(runAs(ws.person));
    const first = held(await ws.agent.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true }));
    // Key order does not change the canonical input, so it is the same request.
    const again = held(await ws.agent.runAny("linkedin.draft.approve", { send_now: true, variation_index: 0, draft_id: draftId }));
    const other = held(await ws.agent.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 1, send_now: true }));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const pending = await ws.person.approvals.list({ status: "pending" });
    expect(pending.approvals.map((a) => a.id).sort()).toEqual([first, other].sort());
  });

  it("holds a command without an approval output with the generic pending shape", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const envelope = await ws.agent.runAny("mission.create", { name: "Held mission" });
    const id = held(envelope);
    expect(envelope.data).toMatchObject({ approval: { id, status: "pending", command_id: "mission.create" } });
    expect((envelope.data as { message: string }).message).toContain(id);
  });

  it("refuses a call denied by a key rule with a plain 403 naming the rule", async () => {
    const ws = await workspace([{ target: "missions", permission: "deny" }]);
    const error = await ws.agent.runAny("mission.list", {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 403, code: "forbidden", message: expect.stringMatching(/rule of API key key_\w+ missions: deny/) });
    expect((error as { hint: string }).hint).toContain("policy set missions allow");
    expect((await ws.person.runAny("mission.list", {})).status).toBe(200);
  });

  it("lets a key rule on the command override a workspace rule on its category", async () => {
    const ws = await workspace([{ target: "mission.create", permission: "allow" }]);
    await server.running.local.policy.set(ws.workspaceId, "workspace", { target: "missions", permission: "ask" });
    expect((await ws.agent.runAny("mission.create", { name: "Allowed for this key" })).status).toBe(200);
    expect((await ws.person.runAny("mission.create", { name: "Held for the others" })).status).toBe(202);
  });
});

describe("deciding", () => {
  it("is refused to an agent key with scope *", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const id = held(await ws.agent.runAny("mission.create", { name: "Self-approval attempt" }));
    await expect(ws.agent.approvals.approve(id)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    await expect(ws.agent.approvals.list()).rejects.toMatchObject({ status: 403 });
    expect((await ws.person.approvals.get(id)).status).toBe("pending");
  });

  it("runs the stored input once on approval, and the caller collects the stored result", async () => {
    const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
    const { draftId, missionId } = await draftSetup(runAs(ws.agent));
    const input = { draft_id: draftId, variation_index: 1, send_now: true };
    const id = held(await ws.agent.runAny("linkedin.draft.approve", input));
    const pending = await ws.agent.runAny("linkedin.draft.approve", input, { approvalRequestId: id });
    expect(pending.status).toBe(202);

    const view = await ws.person.approvals.approve(id, "checked the wording");
    expect(view).toMatchObject({
      id,
      status: "approved",
      note: "checked the wording",
      decided_by: { kind: "api_key", key_id: ws.personKeyId },
      requested_by: { kind: "api_key", key_id: ws.agentKeyId },
    });
    expect(view.result).toMatchObject({
      ok: true,
      status: 200,
      data: { mode: "send_now", draft: { status: "DISPATCHED", selected_body_text: NOTE_B } },
    });

    const collected = await ws.agent.runAny("linkedin.draft.approve", input, { approvalRequestId: id });
    expect(collected.status).toBe(200);
    expect(collected.meta).toMatchObject({ approval_required: false, approval_request_id: id });
    expect(collected.data).toEqual(view.result!.data);
    // Collecting twice runs nothing again.
    await ws.agent.runAny("linkedin.draft.approve", input, { approvalRequestId: id });
    expect(await outboxCount(ws.workspaceId)).toBe(1);
    const mission = dataOf<{ mission: { stats: { contacted: number } } }>(await ws.agent.runAny("mission.get", { mission_id: missionId }));
    expect(mission.mission.stats.contacted).toBe(1);
  });

  it("refuses to collect with another input (a different command_hash) with a conflict", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const id = held(await ws.agent.runAny("mission.create", { name: "Bound to this name" }));
    await ws.person.approvals.approve(id);
    const envelope = await ws.agent.runAny("mission.create", { name: "Another name" }, { approvalRequestId: id });
    expect(envelope.status).toBe(409);
    expect(envelope.ok ? "" : envelope.error.code).toBe("conflict");
    expect(envelope.ok ? "" : envelope.error.message).toContain("another input");
  });

  it("answers approval_denied to the caller after a denial, with the note", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const id = held(await ws.agent.runAny("mission.create", { name: "Not this one" }));
    const view = await ws.person.approvals.deny(id, "wrong audience");
    expect(view).toMatchObject({ status: "denied", note: "wrong audience", result: null, executed_at: null });
    const envelope = await ws.agent.runAny("mission.create", { name: "Not this one" }, { approvalRequestId: id });
    expect(envelope.status).toBe(403);
    expect(envelope.ok ? "" : envelope.error.code).toBe("approval_denied");
    expect(envelope.ok ? "" : envelope.error.message).toContain("wrong audience");
    await expect(ws.person.approvals.approve(id)).rejects.toMatchObject({ status: 409, code: "conflict" });
    const missions = dataOf<{ missions: unknown[] }>(await ws.person.runAny("mission.list", {}));
    expect(missions.missions).toEqual([]);
  });

  it("stores a run that failed as the result, and the caller collects that error", async () => {
    const ws = await workspace([{ target: "linkedin.draft.approve", permission: "ask" }]);
    const { draftId } = await draftSetup(runAs(ws.agent));
    const input = { draft_id: draftId, variation_index: 0, send_now: true };
    const id = held(await ws.agent.runAny("linkedin.draft.approve", input));
    dataOf(await ws.agent.runAny("linkedin.draft.cancel", { draft_id: draftId }));
    const view = await ws.person.approvals.approve(id);
    expect(view.status).toBe("approved");
    expect(view.result).toMatchObject({ ok: false, status: 409, error: { code: "conflict" } });
    const envelope = await ws.agent.runAny("linkedin.draft.approve", input, { approvalRequestId: id });
    expect(envelope.ok ? "" : envelope.error.code).toBe("conflict");
    expect(await outboxCount(ws.workspaceId)).toBe(0);
  });

  it("records who decided, when, for which hash, and lists the decisions", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const approvedId = held(await ws.agent.runAny("mission.create", { name: "Yes" }));
    const deniedEnvelope = await ws.agent.runAny("mission.create", { name: "No" });
    const deniedId = held(deniedEnvelope);
    await ws.person.approvals.approve(approvedId, "fine");
    await ws.person.approvals.deny(deniedId, "not now");
    const denied = await ws.person.approvals.list({ status: "denied" });
    expect(denied.approvals).toHaveLength(1);
    expect(denied.approvals[0]).toMatchObject({
      id: deniedId,
      command_hash: deniedEnvelope.meta.command_hash,
      decided_by: { key_id: ws.personKeyId },
      note: "not now",
    });
    expect(Date.parse(denied.approvals[0]!.decided_at!)).not.toBeNaN();
    const all = await ws.person.approvals.list();
    expect(all.approvals.map((a) => a.status).sort()).toEqual(["approved", "denied"]);
  });

  it("answers a missing request with not_found on every route", async () => {
    const ws = await workspace();
    await expect(ws.person.approvals.get("apr_missing")).rejects.toMatchObject({ status: 404, code: "not_found" });
    await expect(ws.person.approvals.approve("apr_missing")).rejects.toMatchObject({ status: 404 });
    const envelope = await ws.agent.runAny("mission.list", {}, { approvalRequestId: "apr_missing" });
    expect(envelope.ok ? "" : envelope.error.code).toBe("not_found");
  });

  it("keeps requests inside their workspace", async () => {
    const ws = await workspace([{ target: "missions", permission: "ask" }]);
    const stranger = await workspace();
    const id = held(await ws.agent.runAny("mission.create", { name: "Private" }));
    await expect(stranger.person.approvals.approve(id)).rejects.toMatchObject({ status: 404 });
    expect((await stranger.agent.runAny("mission.create", { name: "Private" }, { approvalRequestId: id })).status).toBe(404);
  });
});

describe("concurrent approvals", () => {
  it("run the held command exactly once: one approval wins, the other gets conflict", async () => {
    const ws = await workspace([{ target: "imports", permission: "ask" }]);
    const { missionId } = await missionWithLead(runAs(ws.person));
    const leads = Array.from({ length: 50 }, (_, i) => ({ email: `person${i}@example.com`, name: `Person ${i}` }));
    const id = held(await ws.agent.runAny("import.leads", { mission_id: missionId, name: "Conference list", leads }));
    const outcomes = await Promise.allSettled([ws.person.approvals.approve(id), ws.person.approvals.approve(id), ws.person.approvals.approve(id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes.filter((x): x is PromiseRejectedResult => x.status === "rejected"))
      expect(o.reason).toMatchObject({ status: 409, code: "conflict" });
    const imports = dataOf<{ imports: { created_count: number }[] }>(await ws.person.runAny("import.list", { mission_id: missionId }));
    expect(imports.imports).toHaveLength(1);
    expect(imports.imports[0]!.created_count).toBe(50);
  });
});

describe("expiry", () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ env: { SALESTOUCH_APPROVAL_TTL: "0" } });
  });
  afterAll(async () => {
    await quick.stop();
  });

  it("expires a request nobody decided: the caller gets approval_expired and approving it is refused", async () => {
    const agent = await quick.running.local.keys.create({
      name: "agent",
      workspace: "expiry",
      permissions: [{ target: "missions", permission: "ask" }],
    });
    const person = await quick.running.local.keys.create({ name: "person", workspace: "expiry", scopes: ["*", "approvals.decide"] });
    const agentClient = createClient({ baseUrl: quick.url, apiKey: agent.key });
    const personClient = createClient({ baseUrl: quick.url, apiKey: person.key });
    const id = held(await agentClient.runAny("mission.create", { name: "Too late" }));
    const envelope = await agentClient.runAny("mission.create", { name: "Too late" }, { approvalRequestId: id });
    expect(envelope.status).toBe(410);
    expect(envelope.ok ? "" : envelope.error.code).toBe("approval_expired");
    await expect(personClient.approvals.approve(id)).rejects.toMatchObject({ status: 410, code: "approval_expired" });
    expect((await personClient.approvals.get(id)).status).toBe("expired");
    // Asking again opens a new request instead of reviving the expired one.
    expect(held(await agentClient.runAny("mission.create", { name: "Too late" }))).not.toBe(id);
  });
});
