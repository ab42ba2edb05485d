// The webhook dispatcher against a real HTTP receiver on loopback: signed deliveries (HMAC-SHA256
// over timestamp and body), the same delivery id on every retry, backoff retries on 5xx and
// refused connections, no retry on a 4xx refusal, and redelivery of what failed.
import { verifySignature, type WebhookPayload } from "@salestouch/commands";
import type { SalesTouchClient } from "@salestouch/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, draftSetup, NOTE_A } from "./helpers/drafts.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { closedPortUrl, startReceiver, type Receiver } from "./helpers/webhook-receiver.js";

const SECRET = "whsec_test_0123456789abcdef";

let receiver: Receiver;
let server: TestServer;
let counter = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  server = await startTestServer({
    env: {
      SALESTOUCH_WEBHOOK_URL: receiver.url,
      SALESTOUCH_WEBHOOK_SECRET: SECRET,
      SALESTOUCH_WEBHOOK_ATTEMPTS: "4",
      SALESTOUCH_WEBHOOK_BACKOFF_MS: "5",
    },
  });
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
});

type Approved = {
  draft: {
    draft_id: string;
    status: string;
    dispatched_queue_item_id: string;
    dispatched_message_id: string;
    dispatched_external_message_id: string | null;
  };
  dispatch_result: {
    dispatcher: string;
    status: string;
    attempts: number;
    queue_item_id: string;
    external_message_id: string | null;
    error: string | null;
  };
};

async function sendOne(): Promise<{ client: SalesTouchClient; workspaceId: string; approved: Approved; warnings: string[]; draftId: string }> {
  const { client, key } = await server.clientFor(`webhook-${++counter}`);
  const { draftId } = await draftSetup((id, input) => client.runAny(id, input), [NOTE_A]);
  const envelope = await client.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true });
  const workspaceId = (await server.running.local.keys.authenticate(key))!.workspaceId;
  return { client, workspaceId, approved: dataOf<Approved>(envelope), warnings: envelope.meta.warnings, draftId };
}

describe("webhook delivery", () => {
  it("posts a signed payload the receiver verifies, and records the receiver's message id", async () => {
    receiver.script([]);
    const before = receiver.deliveries.length;
    const { client, approved, draftId } = await sendOne();
    expect(approved.dispatch_result).toMatchObject({ dispatcher: "webhook", status: "delivered", attempts: 1, error: null });
    const delivery = receiver.deliveries[before]!;
    expect(verifySignature(SECRET, delivery.headers["x-salestouch-signature"] as string, delivery.body)).toBe(true);
    const payload = JSON.parse(delivery.body) as WebhookPayload;
    expect(payload).toMatchObject({
      id: approved.draft.dispatched_queue_item_id,
      type: "linkedin.message.dispatch",
      message: { draft_id: draftId, message_id: approved.draft.dispatched_message_id, body_text: NOTE_A, recipient: { name: "Ada Lovelace" } },
    });
    expect(delivery.headers["idempotency-key"]).toBe(payload.id);
    expect(delivery.headers["x-salestouch-delivery"]).toBe(payload.id);
    const external = approved.dispatch_result.external_message_id;
    expect(external).toMatch(/^ext_/);
    const draft = dataOf<Approved>(await client.runAny("linkedin.draft.get", { draft_id: draftId }));
    expect(draft.draft.dispatched_external_message_id).toBe(external);
  });

  it("signs nothing a receiver would accept once the body or the secret differ", async () => {
    receiver.script([]);
    const before = receiver.deliveries.length;
    await sendOne();
    const { headers, body } = receiver.deliveries[before]!;
    const header = headers["x-salestouch-signature"] as string;
    expect(verifySignature(SECRET, header, body.replace(NOTE_A, "Something else"))).toBe(false);
    expect(verifySignature("another_secret_0123456789", header, body)).toBe(false);
    expect(verifySignature(SECRET, header, body, { now: Math.floor(Date.now() / 1000) + 3600 })).toBe(false);
  });

  it("retries 5xx answers with the same delivery id and a fresh valid signature each time", async () => {
    receiver.script([500, 503]);
    const before = receiver.deliveries.length;
    const { approved } = await sendOne();
    expect(approved.dispatch_result).toMatchObject({ status: "delivered", attempts: 3 });
    const attempts = receiver.deliveries.slice(before);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers["x-salestouch-delivery"]))).toEqual(new Set([approved.draft.dispatched_queue_item_id]));
    for (const a of attempts) expect(verifySignature(SECRET, a.headers["x-salestouch-signature"] as string, a.body)).toBe(true);
  });

  it("does not retry a 4xx refusal: the message stays in the outbox as failed, with a warning", async () => {
    receiver.script([422]);
    const before = receiver.deliveries.length;
    const { approved, warnings, workspaceId } = await sendOne();
    expect(receiver.deliveries.length - before).toBe(1);
    expect(approved.dispatch_result).toMatchObject({ status: "failed", attempts: 1, error: expect.stringContaining("422") });
    expect(approved.draft.status).toBe("DISPATCHED");
    expect(warnings.join(" ")).toContain("stays in the outbox");
    const outbox = await server.running.local.outbox.list(workspaceId, { status: "failed" });
    expect(outbox).toHaveLength(1);

    // The receiver is fixed: redelivery sends the same message, under the same delivery id.
    receiver.script([]);
    const redelivered = await server.running.local.outbox.redeliver(workspaceId, server.running.local.dispatcher);
    expect(redelivered).toMatchObject([{ queue_item_id: approved.draft.dispatched_queue_item_id, status: "delivered", attempts: 2 }]);
    expect(receiver.deliveries.at(-1)!.headers["x-salestouch-delivery"]).toBe(approved.draft.dispatched_queue_item_id);
  });

  it("gives up after the configured attempts when the receiver cannot be reached", async () => {
    const gone = await startTestServer({
      env: {
        SALESTOUCH_WEBHOOK_URL: await closedPortUrl(),
        SALESTOUCH_WEBHOOK_SECRET: SECRET,
        SALESTOUCH_WEBHOOK_ATTEMPTS: "3",
        SALESTOUCH_WEBHOOK_BACKOFF_MS: "1",
      },
    });
    try {
      const { draftId } = await draftSetup((id, input) => gone.client.runAny(id, input), [NOTE_A]);
      const envelope = await gone.client.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true });
      expect(dataOf<Approved>(envelope).dispatch_result).toMatchObject({
        status: "failed",
        attempts: 3,
        error: expect.stringContaining("could not be reached"),
      });
    } finally {
      await gone.stop();
    }
  });
});

describe("a webhook that redirects", () => {
  it("is never followed: the signed message does not reach the other host, and the failure says why", async () => {
    const { createServer } = await import("node:http");
    const redirector = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: receiver.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const port = (redirector.address() as { port: number }).port;
    const redirected = await startTestServer({
      env: {
        SALESTOUCH_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        SALESTOUCH_WEBHOOK_SECRET: SECRET,
        SALESTOUCH_WEBHOOK_ATTEMPTS: "3",
        SALESTOUCH_WEBHOOK_BACKOFF_MS: "1",
      },
    });
    try {
      receiver.script([]);
      const before = receiver.deliveries.length;
      const { client } = await redirected.clientFor("webhook-redirect");
      const { draftId } = await draftSetup((id, input) => client.runAny(id, input), [NOTE_A]);
      const approved = dataOf<Approved>(await client.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true }));
      expect(approved.dispatch_result).toMatchObject({ dispatcher: "webhook", status: "failed", attempts: 1 });
      expect(approved.dispatch_result.error).toMatch(/HTTP 307, a redirect to .*never follow redirects/);
      expect(receiver.deliveries.length).toBe(before);
    } finally {
      await redirected.stop();
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
    }
  });
});
