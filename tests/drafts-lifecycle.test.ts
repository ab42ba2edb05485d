// The LinkedIn draft lifecycle over REST: PENDING_REVIEW → READY_TO_SEND → DISPATCHED, or
// CANCELLED; variation and length rules; sending marks the lead Contacted and moves mission stats;
// a draft is dispatched at most once.
import type { SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, draftSetup, missionWithLead, NOTE_A } from "./helpers/drafts.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function client(): Promise<SalesTouchClient> {
  return (await server.clientFor(`drafts-${++counter}`)).client;
}

/** A client and the id of its workspace. */
async function clientWithWorkspace(): Promise<{ c: SalesTouchClient; workspaceId: string }> {
  const { client: c, key } = await server.clientFor(`drafts-${++counter}`);
  return { c, workspaceId: (await server.running.local.keys.authenticate(key))!.workspaceId };
}

type Draft = {
  draft_id: string;
  status: string;
  selected_variation_index: number | null;
  approved_at: string | null;
  dispatched_at: string | null;
  dispatched_queue_item_id: string | null;
  dispatched_message_id: string | null;
};

describe("creating a draft", () => {
  it("keeps 1 to 3 variations and refuses a fourth", async () => {
    const c = await client();
    const { missionId, leadId } = await missionWithLead((id, input) => c.runAny(id, input));
    const three = await c.runAny("linkedin.draft.create", {
      lead_id: leadId,
      mission_id: missionId,
      variations: [{ body_text: "a" }, { body_text: "b" }, { body_text: "c" }],
    });
    expect(dataOf<{ draft: { variations: unknown[] } }>(three).draft.variations).toHaveLength(3);
    const four = await c.runAny("linkedin.draft.create", {
      lead_id: leadId,
      mission_id: missionId,
      variations: [{ body_text: "a" }, { body_text: "b" }, { body_text: "c" }, { body_text: "d" }],
    });
    expect(four.ok ? "" : four.error.code).toBe("invalid_input");
  });

  it("holds an invitation note to 300 characters, and a message to 8000", async () => {
    const c = await client();
    const { missionId, leadId } = await missionWithLead((id, input) => c.runAny(id, input));
    const long = "x".repeat(301);
    const note = await c.runAny("linkedin.draft.create", {
      lead_id: leadId,
      mission_id: missionId,
      type: "INVITATION",
      variations: [{ body_text: "short" }, { body_text: long }],
    });
    expect(note.ok ? [] : note.error.details?.map((d) => d.path)).toContain("/variations/1/body_text");
    const message = await c.runAny("linkedin.draft.create", {
      lead_id: leadId,
      mission_id: missionId,
      type: "MESSAGE",
      variations: [{ body_text: long }],
    });
    expect(message.status).toBe(200);
    // A message made an invitation by update is checked against the note limit too.
    const id = dataOf<{ draft: Draft }>(message).draft.draft_id;
    const update = await c.runAny("linkedin.draft.update", { draft_id: id, type: "INVITATION" });
    expect(update.ok ? "" : update.error.code).toBe("invalid_input");
  });

  it("refuses a lead marked DoNotContact", async () => {
    const c = await client();
    const { missionId, leadId } = await missionWithLead((id, input) => c.runAny(id, input));
    dataOf(await c.runAny("lead.update_status", { lead_id: leadId, status: "DoNotContact" }));
    const envelope = await c.runAny("linkedin.draft.create", { lead_id: leadId, mission_id: missionId, variations: [{ body_text: NOTE_A }] });
    expect(envelope.ok ? "" : envelope.error.code).toBe("conflict");
  });
});

describe("the review cycle", () => {
  it("approves a variation, then an update withdraws the approval", async () => {
    const c = await client();
    const { draftId } = await draftSetup((id, input) => c.runAny(id, input));
    const approved = dataOf<{ draft: Draft; mode: string }>(await c.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 1 }));
    expect(approved).toMatchObject({ mode: "approve_only", draft: { status: "READY_TO_SEND", selected_variation_index: 1 } });
    expect(approved.draft.approved_at).not.toBeNull();
    const updated = await c.runAny("linkedin.draft.update", { draft_id: draftId, variations: [{ body_text: "Rewritten" }] });
    expect(dataOf<{ draft: Draft }>(updated).draft).toMatchObject({ status: "PENDING_REVIEW", selected_variation_index: null, approved_at: null });
    expect(updated.meta.warnings.join(" ")).toContain("approve it again");
  });

  it("sends an approved draft later with send_now and keeps the approval time", async () => {
    const c = await client();
    const { draftId } = await draftSetup((id, input) => c.runAny(id, input), [NOTE_A]);
    const approved = dataOf<{ draft: Draft }>(await c.runAny("linkedin.draft.approve", { draft_id: draftId }));
    const sent = dataOf<{ draft: Draft }>(await c.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true }));
    expect(sent.draft).toMatchObject({ status: "DISPATCHED", selected_variation_index: 0, approved_at: approved.draft.approved_at });
    expect(sent.draft.dispatched_queue_item_id).toMatch(/^obx_/);
    expect(sent.draft.dispatched_message_id).toMatch(/^msg_/);
  });

  it("cancels a draft, which then cannot be approved", async () => {
    const c = await client();
    const { draftId } = await draftSetup((id, input) => c.runAny(id, input));
    expect(dataOf<{ draft: Draft }>(await c.runAny("linkedin.draft.cancel", { draft_id: draftId })).draft.status).toBe("CANCELLED");
    const again = await c.runAny("linkedin.draft.cancel", { draft_id: draftId });
    expect(again.meta.warnings.join(" ")).toContain("already cancelled");
    const approve = await c.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 0 });
    expect(approve.ok ? "" : approve.error.code).toBe("conflict");
  });
});

describe("sending", () => {
  it("marks the lead Contacted with a last interaction and moves the mission's contacted count", async () => {
    const c = await client();
    const run = (id: string, input: unknown) => c.runAny(id, input);
    const { draftId, missionId, leadId } = await draftSetup(run);
    const stats = async () =>
      dataOf<{ mission: { stats: { leads: number; contacted: number } } }>(await run("mission.get", { mission_id: missionId })).mission.stats;
    expect(await stats()).toMatchObject({ leads: 1, contacted: 0 });
    dataOf(await run("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true }));
    expect(await stats()).toMatchObject({ leads: 1, contacted: 1 });
    const lead = dataOf<{ lead: { status: string; lastInteraction?: string } }>(await run("lead.get", { lead_id: leadId }));
    expect(lead.lead.status).toBe("Contacted");
    expect(lead.lead.lastInteraction).toBeDefined();
  });

  it("dispatches a draft once: a second send and a cancel are conflicts, and the outbox holds one message", async () => {
    const { c, workspaceId } = await clientWithWorkspace();
    const { draftId } = await draftSetup((id, input) => c.runAny(id, input));
    const sends = await Promise.all(
      [0, 1, 2].map(() => c.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true })),
    );
    expect(sends.filter((e) => e.ok)).toHaveLength(1);
    for (const failed of sends.filter((e) => !e.ok)) expect(failed.ok ? "" : failed.error.code).toBe("conflict");
    const cancel = await c.runAny("linkedin.draft.cancel", { draft_id: draftId });
    expect(cancel.ok ? "" : cancel.error.code).toBe("conflict");
    const outbox = await server.running.local.outbox.list(workspaceId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      draft_id: draftId,
      status: "recorded",
      dispatcher: "outbox",
      body_text: NOTE_A,
      recipient_name: "Ada Lovelace",
    });
  });

  it("refuses to send to a lead marked DoNotContact after the draft was written", async () => {
    const c = await client();
    const { draftId, leadId } = await draftSetup((id, input) => c.runAny(id, input));
    dataOf(await c.runAny("lead.update_status", { lead_id: leadId, status: "DoNotContact" }));
    const envelope = await c.runAny("linkedin.draft.approve", { draft_id: draftId, variation_index: 0, send_now: true });
    expect(envelope.ok ? "" : envelope.error.code).toBe("conflict");
  });
});

describe("listing", () => {
  it("filters by status and pages with next_cursor", async () => {
    const c = await client();
    const run = (id: string, input: unknown) => c.runAny(id, input);
    const { missionId, leadId } = await missionWithLead(run);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        dataOf<{ draft: Draft }>(
          await run("linkedin.draft.create", { lead_id: leadId, mission_id: missionId, variations: [{ body_text: `Note ${i}` }] }),
        ).draft.draft_id,
      );
    dataOf(await run("linkedin.draft.cancel", { draft_id: ids[0] }));
    const first = dataOf<{ drafts: Draft[]; next_cursor: string | null }>(await run("linkedin.draft.list", { status: "PENDING_REVIEW", limit: 1 }));
    expect(first.drafts.map((d) => d.draft_id)).toEqual([ids[2]]);
    const second = dataOf<{ drafts: Draft[]; next_cursor: string | null }>(
      await run("linkedin.draft.list", { status: "PENDING_REVIEW", limit: 1, cursor: first.next_cursor }),
    );
    expect(second.drafts.map((d) => d.draft_id)).toEqual([ids[1]]);
    expect(second.next_cursor).toBeNull();
    const compact = await c.runAny("linkedin.draft.list", { lead_id: leadId }, { profile: "compact" });
    expect(dataOf<{ drafts: { variations: unknown[] }[] }>(compact).drafts.every((d) => d.variations.length === 0)).toBe(true);
  });
});
