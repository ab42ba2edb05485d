// /metrics in the Prometheus text format, on a listener of its own and behind a token on the API's
// port, on both dialects: the counters move with commands, an import, an approval, a rate-limit
// refusal and a webhook delivery; and W3C trace context reaches the log lines and the webhook.
import { createClient, type SalesTouchClient } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";
import { createJsonLogger } from "@salestouch/runtime";
import { startServer, type RunningServer } from "@salestouch/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, draftSetup, NOTE_A } from "./helpers/drafts.js";
import { createTestDatabase, DIALECTS } from "./helpers/postgres.js";
import { tempDir } from "./helpers/server.js";
import { startReceiver, type Receiver } from "./helpers/webhook-receiver.js";

const TOKEN = "metrics-token-0123456789";
const SECRET = "whsec_test_0123456789abcdef";
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN = "00f067aa0ba902b7";

/** The value of one sample (`name{labels} value`) in a scrape, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const braces = /\{(.*)\}/.exec(line)?.[1] ?? "";
    if (wanted.every((pair) => braces.split(",").includes(pair))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe.each(DIALECTS)("metrics and traces on %s", (dialect) => {
  let running: RunningServer;
  let receiver: Receiver;
  let agent: SalesTouchClient;
  let person: SalesTouchClient;
  let importer: SalesTouchClient;
  let limitedKey: string;
  const logLines: Record<string, unknown>[] = [];
  const dir = tempDir();

  beforeAll(async () => {
    receiver = await startReceiver();
    const databaseUrl = dialect === "postgres" ? await createTestDatabase("met") : `${dir.path}/metrics.db`;
    const logger = createJsonLogger({ level: "info", write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
    running = await startServer({
      databaseUrl,
      logger,
      rateLimitPerMinute: 40,
      metricsListen: "127.0.0.1:0",
      metricsToken: TOKEN,
      env: { SALESTOUCH_WEBHOOK_URL: receiver.url, SALESTOUCH_WEBHOOK_SECRET: SECRET, SALESTOUCH_WEBHOOK_BACKOFF_MS: "5" },
    });
    const keys = running.local.keys;
    const keyFor = async (name: string, extra: Parameters<typeof keys.create>[0] = { name }) =>
      createClient({ baseUrl: running.url, apiKey: (await keys.create({ ...extra, name, workspace: "metrics" })).key });
    agent = await keyFor("agent", { name: "agent", permissions: [{ target: "import.leads", permission: "ask" }] });
    person = await keyFor("person", { name: "person", scopes: ["*", "approvals.decide"] });
    importer = await keyFor("importer", {
      name: "importer",
      permissions: [
        { target: "imports", permission: "allow" },
        { target: "linkedin", permission: "allow" },
      ],
    });
    limitedKey = (await keys.create({ name: "limited", workspace: "metrics" })).key;
  });
  afterAll(async () => {
    await running.close();
    await receiver.close();
    dir.remove();
  });

  const scrape = async (): Promise<string> => {
    const response = await fetch(running.metricsUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    return response.text();
  };

  it("serves /metrics on its own listener and on the API's port only with the token", async () => {
    expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(running.metricsUrl).not.toContain(`:${running.port}/`);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${running.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const withToken = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain("salestouch_process_cpu_seconds_total");
    expect((await fetch(running.metricsUrl!.replace("/metrics", "/api/v1/commands"))).status).toBe(404);
  });

  it("counts requests, commands, import rows, approvals, refusals and deliveries", async () => {
    const before = await scrape();
    const mission = dataOf<{ mission: { id: string } }>(await importer.runAny("mission.create", { name: "Metrics mission" }));
    const leads = [
      { name: "Ada Lovelace", email: "ada@metrics.example" },
      { name: "Grace Hopper", email: "grace@metrics.example" },
      { name: "No Identifier" },
    ];
    dataOf(await importer.runAny("import.leads", { mission_id: mission.mission.id, name: "direct", leads }));
    const held: Envelope = await agent.runAny("import.leads", {
      mission_id: mission.mission.id,
      name: "held",
      leads: [{ email: "alan@metrics.example" }],
    });
    expect(held.status).toBe(202);
    await person.approvals.approve(held.meta.approval_request_id!, "fine");
    const second: Envelope = await agent.runAny("import.leads", {
      mission_id: mission.mission.id,
      name: "held 2",
      leads: [{ email: "edsger@metrics.example" }],
    });
    expect(second.status).toBe(202);
    const { draftId } = await draftSetup((id, input) => importer.runAny(id, input), [NOTE_A]);
    dataOf(await importer.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true }));
    let refusals = 0;
    // Raw requests: the client would wait out the 429 and retry.
    const list = () =>
      fetch(`${running.url}/api/v1/commands/mission.list`, {
        method: "POST",
        headers: { authorization: `Bearer ${limitedKey}`, "content-type": "application/json" },
        body: '{"input":{}}',
      });
    for (let i = 0; i < 45 && refusals === 0; i++) if ((await list()).status === 429) refusals++;
    expect(refusals).toBe(1);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved("salestouch_commands_total", { command: "mission.create", outcome: "ok" })).toBe(2);
    expect(moved("salestouch_commands_total", { command: "import.leads", outcome: "held" })).toBe(2);
    expect(moved("salestouch_commands_total", { command: "mission.list", outcome: "rate_limited" })).toBe(0);
    expect(moved("salestouch_http_requests_total", { route: "/api/v1/commands/{command_id}", method: "POST", status: "429" })).toBe(1);
    expect(moved("salestouch_http_requests_total", { route: "/api/v1/approvals/:approvalId/approve", method: "POST", status: "200" })).toBe(1);
    expect(moved("salestouch_command_duration_seconds_count", { command: "import.leads" })).toBe(3);
    expect(moved("salestouch_import_rows_total", { outcome: "created" })).toBe(2);
    expect(moved("salestouch_import_rows_total", { outcome: "invalid" })).toBe(1);
    expect(moved("salestouch_rate_limited_total")).toBe(1);
    expect(sample(after, "salestouch_approvals", { status: "approved" })).toBe(1);
    expect(sample(after, "salestouch_approvals", { status: "pending" })).toBe(1);
    expect(sample(after, "salestouch_approval_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(after, "salestouch_outbox_items", { status: "delivered" })).toBe(1);
    expect(sample(after, "salestouch_webhook_delivery_attempts", { status: "delivered" })).toBe(1);
    if (dialect === "postgres") {
      expect(after).toMatch(/salestouch_db_pool_connections\{[^}]*state="idle"[^}]*\} \d+/);
      expect(after).toContain("salestouch_db_transaction_retries");
    }
  });

  it("continues an incoming traceparent in the request's log lines and its webhook", async () => {
    const { draftId } = await draftSetup((id, input) => importer.runAny(id, input), [NOTE_A]);
    const key = (
      await running.local.keys.create({ name: "tracer", workspace: "metrics", permissions: [{ target: "linkedin", permission: "allow" }] })
    ).key;
    const delivered = receiver.deliveries.length;
    const response = await fetch(`${running.url}/api/v1/commands/linkedin.draft.approve`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
        "x-request-id": "trace-probe",
      },
      body: JSON.stringify({ input: { draft_id: draftId, send_now: true } }),
    });
    expect(response.status).toBe(200);
    const line = logLines.find((l) => l["msg"] === "request" && l["request_id"] === "trace-probe");
    expect(line).toMatchObject({ trace_id: TRACE_ID });
    expect(line!["span_id"]).toMatch(/^[0-9a-f]{16}$/);
    expect(line!["span_id"]).not.toBe(PARENT_SPAN);
    const hook = receiver.deliveries[delivered]!;
    expect(hook.headers["traceparent"]).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));

    const fresh = logLines.filter((l) => l["msg"] === "request" && l["request_id"] !== "trace-probe").at(-1)!;
    expect(fresh["trace_id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh["trace_id"]).not.toBe(TRACE_ID);
  });

  it("continues the deciding request's trace into an approved send's webhook and its log lines", async () => {
    const trace = "0af7651916cd43dd8448eb211c80319c";
    const { draftId } = await draftSetup((id, input) => importer.runAny(id, input), [NOTE_A]);
    const asker = createClient({
      baseUrl: running.url,
      apiKey: (
        await running.local.keys.create({ name: "trace asker", workspace: "metrics", permissions: [{ target: "linkedin", permission: "ask" }] })
      ).key,
    });
    const held: Envelope = await asker.runAny("linkedin.draft.approve", { draft_id: draftId, send_now: true });
    expect(held.status).toBe(202);
    // The receiver refuses the delivery for good: the effect's failure is logged, inside the trace.
    receiver.script([400]);
    const delivered = receiver.deliveries.length;
    const personKey = (await running.local.keys.create({ name: "trace person", workspace: "metrics", scopes: ["*", "approvals.decide"] })).key;
    const response = await fetch(`${running.url}/api/v1/approvals/${held.meta.approval_request_id}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${personKey}`, "content-type": "application/json", traceparent: `00-${trace}-${PARENT_SPAN}-01` },
      body: "{}",
    });
    expect(response.status).toBe(200);
    expect(receiver.deliveries[delivered]!.headers["traceparent"]).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
    const failed = logLines.find((l) => l["msg"] === "effect after commit failed" && l["trace_id"] === trace);
    expect(failed?.["span_id"]).toMatch(/^[0-9a-f]{16}$/);
    const request = logLines.find((l) => l["msg"] === "request" && l["trace_id"] === trace)!;
    expect(failed!["span_id"]).toBe(request["span_id"]);
  });

  it("starts a new trace for a malformed traceparent", async () => {
    await fetch(`${running.url}/healthz`, { headers: { traceparent: `00-${"0".repeat(32)}-${PARENT_SPAN}-01`, "x-request-id": "bad-trace" } });
    const line = logLines.find((l) => l["request_id"] === "bad-trace")!;
    expect(line["trace_id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(line["trace_id"]).not.toBe("0".repeat(32));
  });
});
