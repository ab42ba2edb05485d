// The once-only guarantees of approvals, permission rules, idempotency keys and the outbox, on
// both dialects: they rest on conditional updates and unique indexes, never on process memory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "../../../../tests/helpers/postgres.js";
import { openStore, type Store } from "../store.js";
import type { ApprovalRow } from "./approvals.js";

const now = "2026-01-01T00:00:00.000Z";
const later = "2026-01-02T00:00:00.000Z";

function request(id: string, fields: Partial<ApprovalRow> = {}): Omit<ApprovalRow, "pending_slot"> {
  return {
    id,
    workspace_id: "ws_1",
    command_id: "mission.create",
    command_hash: "a".repeat(64),
    input_json: "{}",
    preview_json: null,
    status: "pending",
    requested_by_kind: "api_key",
    requested_by_key_id: "key_1",
    requested_scopes_json: '["*"]',
    requested_at: now,
    expires_at: later,
    decided_by_kind: null,
    decided_by_key_id: null,
    decided_at: null,
    decision_note: null,
    executed_at: null,
    result_json: null,
    ...fields,
  };
}

const decision = (status: "approved" | "denied", at = now) => ({ status, byKind: "local" as const, byKeyId: null, at, note: null });

describe.each(DIALECTS)("approval tables on %s", (dialect) => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "approvals-"));
    store = await openStore({ url: dialect === "sqlite" ? join(dir, "db.sqlite") : await createTestDatabase("approvals"), poolSize: 4 });
    await store.repositories.workspaces.insert({ id: "ws_1", name: "ws_1", created_at: now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("allow one pending request per workspace and input, and any number of decided ones", async () => {
    const approvals = store.repositories.approvals;
    await approvals.insert(request("apr_1"));
    await expect(approvals.insert(request("apr_2"))).rejects.toThrow();
    expect(await approvals.decide("apr_1", decision("denied"))).toBe(true);
    await approvals.insert(request("apr_2"));
    expect((await approvals.findPending("ws_1", "a".repeat(64)))?.id).toBe("apr_2");
  });

  it("decide once: a second decision, or one after expiry, changes nothing", async () => {
    const approvals = store.repositories.approvals;
    await approvals.insert(request("apr_1"));
    const outcomes = await Promise.all([
      store.transaction("write", (r) => r.approvals.decide("apr_1", decision("approved"))),
      store.transaction("write", (r) => r.approvals.decide("apr_1", decision("denied"))),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    await approvals.insert(request("apr_2", { command_hash: "b".repeat(64) }));
    expect(await approvals.decide("apr_2", decision("approved", later))).toBe(false);
    expect(await approvals.expire("apr_2")).toBe(true);
    expect(await approvals.expire("apr_2")).toBe(false);
  });

  it("replace a permission rule on the same subject and target", async () => {
    const rules = store.repositories.permissionRules;
    await rules.put({
      id: "prm_1",
      workspace_id: "ws_1",
      subject: "workspace",
      target: "imports",
      permission: "ask",
      created_at: now,
      updated_at: now,
    });
    await rules.put({
      id: "prm_2",
      workspace_id: "ws_1",
      subject: "workspace",
      target: "imports",
      permission: "deny",
      created_at: later,
      updated_at: later,
    });
    await rules.put({
      id: "prm_3",
      workspace_id: "ws_1",
      subject: "key_1",
      target: "imports",
      permission: "allow",
      created_at: now,
      updated_at: now,
    });
    expect((await rules.forPrincipal("ws_1", null)).map((r) => `${r.subject}:${r.permission}`)).toEqual(["workspace:deny"]);
    expect((await rules.forPrincipal("ws_1", "key_1")).map((r) => r.subject).sort()).toEqual(["key_1", "workspace"]);
    expect(await rules.remove("ws_1", "workspace", "imports")).toBe(true);
    expect(await rules.remove("ws_1", "workspace", "imports")).toBe(false);
  });

  it("refuse a second idempotency record for one caller and key", async () => {
    const row = {
      id: "idk_1",
      workspace_id: "ws_1",
      principal: "key_1",
      idempotency_key: "k",
      command_id: "mission.create",
      command_hash: "a".repeat(64),
      result_json: "{}",
      created_at: now,
    };
    await store.repositories.idempotency.insert(row);
    await expect(store.repositories.idempotency.insert({ ...row, id: "idk_2" })).rejects.toThrow();
    await store.repositories.idempotency.insert({ ...row, id: "idk_3", principal: "key_2" });
  });
});
