// What the kernel needs from storage for permissions, approvals and idempotency. The store
// implements these shapes; the runtime names them here so it never depends on the store package.
import type { ApprovalStatus, Permission } from "@salestouch/contracts";

export type { ApprovalStatus };
export type ActorKind = "api_key" | "local";

export interface ApprovalRecord {
  id: string;
  workspace_id: string;
  command_id: string;
  command_hash: string;
  input_json: string;
  preview_json: string | null;
  /** What the preview was bound to (binding.ts): digests of the preview, the records it read and the outside state it observed. */
  binding_json: string | null;
  status: ApprovalStatus;
  requested_by_kind: ActorKind;
  requested_by_key_id: string | null;
  requested_scopes_json: string;
  requested_at: string;
  expires_at: string;
  decided_by_kind: ActorKind | null;
  decided_by_key_id: string | null;
  decided_at: string | null;
  decision_note: string | null;
  executed_at: string | null;
  result_json: string | null;
}

export interface ApprovalStore {
  get(workspaceId: string, id: string): Promise<ApprovalRecord | undefined>;
  /** The pending request for this input, expired or not. */
  findPending(workspaceId: string, commandHash: string): Promise<ApprovalRecord | undefined>;
  insert(row: ApprovalRecord): Promise<void>;
  /** pending → expired; false when no longer pending. */
  expire(id: string): Promise<boolean>;
  /** pending and unexpired at `at` → approved or denied; false when something else came first. */
  decide(
    id: string,
    decision: { status: "approved" | "denied"; byKind: ActorKind; byKeyId: string | null; at: string; note: string | null },
  ): Promise<boolean>;
  recordResult(id: string, resultJson: string, executedAt: string): Promise<void>;
  list(
    workspaceId: string,
    filter: { status?: ApprovalStatus; limit: number; cursor?: string },
  ): Promise<{ items: ApprovalRecord[]; nextCursor: string | null }>;
}

export interface PermissionRuleRecord {
  /** "workspace", or the API key id the rule applies to. */
  subject: string;
  /** "*", a category or a command id. */
  target: string;
  permission: Permission;
}

export interface PermissionRuleStore {
  /** `accessRead`: the principal's (Principal.accessRead), so the store does not read its change marker again. A value when known at once. */
  forPrincipal(
    workspaceId: string,
    keyId: string | null,
    accessRead?: object,
  ): readonly PermissionRuleRecord[] | Promise<readonly PermissionRuleRecord[]>;
}

export interface IdempotencyRecord {
  id: string;
  workspace_id: string;
  principal: string;
  idempotency_key: string;
  command_id: string;
  command_hash: string;
  result_json: string;
  created_at: string;
}

export interface IdempotencyStore {
  get(workspaceId: string, principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  insert(row: IdempotencyRecord): Promise<void>;
  updateResult(workspaceId: string, principal: string, key: string, resultJson: string): Promise<void>;
}

export interface ApiKeyStore {
  /** True while the key exists in the workspace and is not revoked. */
  isActive(workspaceId: string, keyId: string): Promise<boolean>;
}

/** The kernel's repositories, bound to the same transaction as the handler's. */
export interface KernelRepositories {
  approvals: ApprovalStore;
  permissionRules: PermissionRuleStore;
  idempotency: IdempotencyStore;
  apiKeys: ApiKeyStore;
}
