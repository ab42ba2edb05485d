// Approvals through the salestouch binary: a held call exits 6 and prints its request, a person
// approves or denies with `salestouch approvals`, the caller collects with --approval; policy and
// keys --permissions write the rules; outbox export shows what was sent. Local and remote mode.
import { join } from "node:path";
import type { ApprovalView, Envelope } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { dataOf, draftSetup, NOTE_A } from "./helpers/drafts.js";
import type { RunCommand } from "./helpers/examples.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let sandbox: CliSandbox;
let counter = 0;

beforeAll(() => {
  sandbox = cliSandbox();
});
afterAll(() => {
  sandbox.remove();
});

/** A fresh local database for one test, and a runner that checks exit codes against envelopes. */
function localDatabase(extra: Record<string, string> = {}): { env: Record<string, string>; run: RunCommand } {
  const env = { SALESTOUCH_DATABASE_URL: join(sandbox.root, `approvals-${++counter}.db`), ...extra };
  return { env, run: async (id, input) => (await runCommandJson(sandbox, id, input, env)).envelope };
}

async function approvals<T>(args: string[], env: Record<string, string>): Promise<{ code: number; json: T; stderr: string }> {
  return sandbox.runJson<T>(["approvals", ...args, "--json"], { env });
}

describe("local mode", () => {
  it("holds a call under an ask rule (exit 6), approves it with `approvals approve` and collects the result with --approval", async () => {
    const { env, run } = localDatabase();
    const { draftId } = await draftSetup(run, [NOTE_A]);
    expect((await sandbox.run(["policy", "set", "linkedin.draft.approve", "ask"], { env })).code).toBe(0);
    const input = { draft_id: draftId, send_now: true };
    const heldCall = await runCommandJson(sandbox, "linkedin.draft.approve", input, env);
    expect(heldCall.code).toBe(6);
    expect(heldCall.envelope).toMatchObject({ ok: true, status: 202, meta: { approval_required: true } });
    const id = heldCall.envelope.meta.approval_request_id!;

    const pendingArgs = ["commands", "run", "linkedin.draft.approve", "--input-json", JSON.stringify(input), "--approval", id, "--json"];
    expect((await sandbox.runJson<Envelope>(pendingArgs, { env })).code).toBe(6);
    const listed = await approvals<{ approvals: ApprovalView[] }>(["list", "--status", "pending"], env);
    expect(listed.json.approvals.map((a) => a.id)).toEqual([id]);

    const approved = await approvals<{ approval: ApprovalView }>(["approve", id, "--note", "looks right"], env);
    expect(approved.code).toBe(0);
    expect(approved.json.approval).toMatchObject({ status: "approved", note: "looks right", decided_by: { kind: "local" }, result: { ok: true } });

    const collected = await sandbox.runJson<Envelope>(pendingArgs, { env });
    expect(collected.code).toBe(0);
    expect(collected.json).toMatchObject({ ok: true, status: 200, data: { mode: "send_now", draft: { status: "DISPATCHED" } } });

    const csv = await sandbox.run(["outbox", "export", "--format", "csv"], { env });
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toContain("queue_item_id,message_id,draft_id");
    expect(csv.stdout).toContain(draftId);
    const lines = (await sandbox.run(["outbox", "export"], { env })).stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ draft_id: draftId, body_text: NOTE_A, status: "recorded" });
  });

  it("denies with a note: the caller's --approval exits 4 with approval_denied", async () => {
    const { env } = localDatabase();
    await sandbox.run(["policy", "set", "missions", "ask"], { env });
    const heldCall = await runCommandJson(sandbox, "mission.create", { name: "Not now" }, env);
    const id = heldCall.envelope.meta.approval_request_id!;
    const human = await sandbox.run(["approvals", "deny", id, "--note", "budget frozen"], { env });
    expect(human.code).toBe(0);
    expect(human.stderr).toContain(`Denied ${id}`);
    const collected = await sandbox.runJson<Envelope>(
      ["commands", "run", "mission.create", "--input-json", '{"name":"Not now"}', "--approval", id, "--json"],
      { env },
    );
    expect(collected.code).toBe(4);
    expect(collected.json).toMatchObject({ ok: false, status: 403, error: { code: "approval_denied" } });
    expect((await approvals<unknown>(["approve", id], env)).code).toBe(5);
  });

  it("expires requests after SALESTOUCH_APPROVAL_TTL: --approval exits 5 with approval_expired", async () => {
    const { env } = localDatabase({ SALESTOUCH_APPROVAL_TTL: "0" });
    await sandbox.run(["policy", "set", "mission.create", "ask"], { env });
    const id = (await runCommandJson(sandbox, "mission.create", { name: "Late" }, env)).envelope.meta.approval_request_id!;
    const collected = await sandbox.runJson<Envelope>(
      ["commands", "run", "mission.create", "--input-json", '{"name":"Late"}', "--approval", id, "--json"],
      { env },
    );
    expect(collected.code).toBe(5);
    expect(collected.json).toMatchObject({ status: 410, error: { code: "approval_expired" } });
  });

  it("shows the rules in policy list and policy show, and the held commands in config show", async () => {
    const { env } = localDatabase();
    await runCommandJson(sandbox, "mission.list", {}, env);
    await sandbox.run(["policy", "set", "imports", "ask"], { env });
    await sandbox.run(["policy", "set", "linkedin.draft.approve", "deny"], { env });
    const list = await sandbox.runJson<{ rules: { applies_to: string; target: string; permission: string }[] }>(["policy", "list", "--json"], {
      env,
    });
    expect(
      list.json.rules
        .filter((r) => r.applies_to === "workspace")
        .map((r) => `${r.target}=${r.permission}`)
        .sort(),
    ).toEqual(["imports=ask", "linkedin.draft.approve=deny"]);
    // The workspace's starting rules for API keys are listed too, below the rules a person set.
    expect(
      list.json.rules
        .filter((r) => r.applies_to !== "workspace")
        .map((r) => `${r.applies_to} ${r.target}=${r.permission}`)
        .sort(),
    ).toEqual([
      "every API key (starting policy) import.csv=ask",
      "every API key (starting policy) import.leads=ask",
      "every API key (starting policy) import.linkedin.search=ask",
      "every API key (starting policy) import.sales_nav.filters=ask",
      "every API key (starting policy) linkedin.draft.approve=ask",
    ]);
    const show = await sandbox.runJson<{ permissions: { command_id: string; permission: string; source: string }[] }>(["policy", "show", "--json"], {
      env,
    });
    expect(show.json.permissions.find((p) => p.command_id === "import.csv")).toMatchObject({
      permission: "ask",
      source: "workspace rule imports: ask",
    });
    const config = await sandbox.runJson<{ permissions: { ask: string[]; deny: string[] } }>(["config", "show", "--json"], { env });
    expect(config.json.permissions.ask).toEqual(expect.arrayContaining(["import.csv", "import.leads"]));
    expect(config.json.permissions.deny).toEqual(["linkedin.draft.approve"]);
    const bad = await sandbox.run(["policy", "set", "mision.create", "ask"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("did you mean mission.create");
  });
});

describe("remote mode", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("creates an agent key with --permissions; the agent cannot approve, a person's key can", async () => {
    // keys verbs work on the database they are pointed at: here, the server's.
    const admin = { SALESTOUCH_DATABASE_URL: server.databaseUrl };
    const agent = await sandbox.runJson<{ key: string }>(
      ["keys", "create", "--name", "agent", "--workspace", "remote-cli", "--permissions", "missions=ask", "--json"],
      { env: admin },
    );
    const person = await sandbox.runJson<{ key: string }>(
      ["keys", "create", "--name", "person", "--workspace", "remote-cli", "--scopes", "*,approvals.decide", "--json"],
      { env: admin },
    );
    const asAgent = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: agent.json.key };
    const asPerson = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: person.json.key };

    const heldCall = await runCommandJson(sandbox, "mission.create", { name: "Remote held" }, asAgent);
    expect(heldCall.code).toBe(6);
    const id = heldCall.envelope.meta.approval_request_id!;
    const selfApproval = await sandbox.runJson<{ error: { code: string } }>(["approvals", "approve", id, "--json"], { env: asAgent });
    expect(selfApproval.code).toBe(4);
    expect(selfApproval.json.error.code).toBe("forbidden");
    const approved = await approvals<{ approval: ApprovalView }>(["approve", id], asPerson);
    expect(approved.json.approval.result).toMatchObject({ ok: true, data: { mission: { name: "Remote held" } } });
    const collected = await sandbox.runJson<Envelope>(
      ["commands", "run", "mission.create", "--input-json", '{"name":"Remote held"}', "--approval", id, "--json"],
      { env: asAgent },
    );
    expect(collected.code).toBe(0);
    expect(dataOf<{ mission: { id: string } }>(collected.json).mission.id).toBe(
      (approved.json.approval.result!.data as { mission: { id: string } }).mission.id,
    );
    const config = await sandbox.runJson<{ permissions: { ask: string[] } }>(["config", "show", "--json"], { env: asAgent });
    expect(config.json.permissions.ask).toContain("mission.create");
  });
});
