// Holding a call for approval and collecting its outcome (docs/approvals.md). A held call is
// bound to its command_hash: one pending request per workspace and input, reused while it waits;
// collecting with another input is a conflict, never a different command.
import type { ApprovalPending, ApprovalView, CommandDefinition, ErrorCode } from "@salestouch/contracts";
import type { Principal } from "./auth.js";
import { bindPreview, changesSince, parseBinding, staleError } from "./binding.js";
import type { Core, RunState } from "./command-run.js";
import { CommandError } from "./errors.js";
import type { Hint } from "./hints.js";
import type { ApprovalRecord, KernelRepositories } from "./kernel-store.js";

/** What an approval's run answered, as stored with the request. */
export type StoredResult =
  | { ok: true; status: number; data: unknown; warnings: string[] }
  | {
      ok: false;
      status: number;
      error: { code: ErrorCode; message: string; hint: string; hint_template?: Hint; details?: { path: string; message: string }[] };
    };

export type Collected =
  | { kind: "pending"; record: ApprovalRecord }
  | { kind: "result"; record: ApprovalRecord; result: StoredResult }
  | { kind: "refused"; error: CommandError };

const LIST_HINT: Hint = {
  rest: "List approval requests with GET /api/v1/approvals (needs the approvals.decide scope).",
  cli: "List approval requests with `salestouch approvals list`.",
  mcp: 'Check the approval request id you sent in "_approval_request_id" (the held call\'s result named it); approvals themselves are decided by a person, not through tools.',
};

export function approvalNotFound(id: string): CommandError {
  return new CommandError("not_found", `approval request ${id} not found in this workspace`, { hint: LIST_HINT });
}

function approvalExpired(record: ApprovalRecord): CommandError {
  return new CommandError(
    "approval_expired",
    `approval request ${record.id} for ${record.command_id} expired at ${record.expires_at} before anyone decided it; the command did not run`,
    {
      hint: "Call the command again without {{approval-arg}} to ask for a new approval.",
    },
  );
}

function approvalDenied(record: ApprovalRecord): CommandError {
  const who = record.decided_by_kind === "local" ? "a person at the server's machine" : `API key ${record.decided_by_key_id}`;
  const note = record.decision_note ? ` with the note "${record.decision_note}"` : "";
  return new CommandError(
    "approval_denied",
    `approval request ${record.id} for ${record.command_id} was denied by ${who} at ${record.decided_at}${note}; the command did not run`,
    {
      hint: "Do not retry the same call. Change what the note asks for and call again, which asks for a new approval.",
    },
  );
}

/**
 * Why an expired request can no longer run: approval_expired, or the error stored when it was
 * closed early (approval_stale: a newer call found that its preview no longer held).
 */
export function closedError(record: ApprovalRecord): CommandError {
  const closed = record.result_json === null ? null : (JSON.parse(record.result_json) as StoredResult);
  if (closed && !closed.ok) return new CommandError(closed.error.code, closed.error.message, { hint: closed.error.hint });
  return approvalExpired(record);
}

export function isExpired(record: ApprovalRecord, now: string): boolean {
  return record.status === "expired" || (record.status === "pending" && record.expires_at <= now);
}

/** A person must approve: the generic data of a held call whose command has no preview of its own. */
function pendingData(record: ApprovalRecord): ApprovalPending {
  return {
    approval: {
      id: record.id,
      status: record.status,
      command_id: record.command_id,
      command_hash: record.command_hash,
      requested_at: record.requested_at,
      expires_at: record.expires_at,
    },
    message: `${record.command_id} did not run: a person must approve request ${record.id} (until ${record.expires_at}). Call again with the same input and approval_request_id ${record.id} to get the result.`,
  };
}

export function previewOf(record: ApprovalRecord): Record<string, unknown> {
  if (record.preview_json === null) return { ...pendingData(record) };
  return JSON.parse(record.preview_json) as Record<string, unknown>;
}

export interface HoldOptions<R> {
  core: Core<R>;
  kernel: KernelRepositories;
  repos: R;
  definition: CommandDefinition;
  input: unknown;
  principal: Principal;
  hash: string;
  state: RunState;
  ttlMs: number;
}

/**
 * The pending request for this input, reused while it has not expired and its preview still holds;
 * else a new one with its preview and binding. A pending request whose preview no longer holds is
 * closed (expired, with approval_stale as its result) so nobody approves what it showed.
 */
export async function hold<R>(options: HoldOptions<R>): Promise<ApprovalRecord> {
  const { kernel, principal, state } = options;
  const existing = await kernel.approvals.findPending(principal.workspaceId, options.hash);
  const bound = await bindPreview(options.core, options.definition, options.input, principal, options.repos, state);
  if (existing && !isExpired(existing, state.now)) {
    const changes = changesSince(parseBinding(existing), existing, bound);
    if (changes.length === 0) return existing;
    if (await kernel.approvals.expire(existing.id)) {
      await kernel.approvals.recordResult(existing.id, JSON.stringify(storedFailure(staleError(existing, changes))), state.now);
    }
  } else if (existing) {
    await kernel.approvals.expire(existing.id);
  }
  const preview = bound.preview;
  const record: ApprovalRecord = {
    id: options.core.ids.next("apr"),
    workspace_id: principal.workspaceId,
    command_id: options.definition.id,
    command_hash: options.hash,
    input_json: JSON.stringify(options.input),
    preview_json: preview === null ? null : JSON.stringify(preview),
    binding_json: JSON.stringify(bound.binding),
    status: "pending",
    requested_by_kind: principal.kind,
    requested_by_key_id: principal.keyId,
    requested_scopes_json: JSON.stringify(principal.scopes),
    requested_at: state.now,
    expires_at: new Date(Date.parse(state.now) + options.ttlMs).toISOString(),
    decided_by_kind: null,
    decided_by_key_id: null,
    decided_at: null,
    decision_note: null,
    executed_at: null,
    result_json: null,
  };
  await kernel.approvals.insert(record);
  return record;
}

/**
 * The outcome of request `id` for this call: still pending, the stored result, or why not. A
 * request that is found expired is marked so here; the caller commits that, then reports it.
 */
export async function collect(
  kernel: KernelRepositories,
  definition: CommandDefinition,
  id: string,
  principal: Principal,
  hash: string,
  now: string,
): Promise<Collected> {
  const record = await kernel.approvals.get(principal.workspaceId, id);
  if (!record) return { kind: "refused", error: approvalNotFound(id) };
  // Collecting reads the request's result: only the caller that was held may (docs/approvals.md).
  if (record.requested_by_kind !== principal.kind || record.requested_by_key_id !== principal.keyId) {
    const asker = record.requested_by_kind === "local" ? "the person at the server's machine" : `API key ${record.requested_by_key_id}`;
    return {
      kind: "refused",
      error: new CommandError("forbidden", `approval request ${id} was made by ${asker}; only the caller that was held may collect its result`, {
        hint: "Collect with the key that made the call, or call the command again with this key to ask for an approval of its own.",
      }),
    };
  }
  if (record.command_id !== definition.id || record.command_hash !== hash) {
    return {
      kind: "refused",
      error: new CommandError(
        "conflict",
        `approval request ${id} was made for ${record.command_id} with another input (command_hash ${record.command_hash.slice(0, 12)}…); this call is ${definition.id} with command_hash ${hash.slice(0, 12)}…`,
        {
          hint: {
            rest: `Send exactly the input the request was made for (GET /api/v1/approvals/${id} shows it), or leave {{approval-arg}} out to ask for a new approval.`,
            cli: `Send exactly the input the request was made for (\`salestouch approvals show ${id}\` prints it), or leave {{approval-arg}} out to ask for a new approval.`,
            mcp: `Call with exactly the arguments of the held call that returned ${id}, or leave {{approval-arg}} out to ask for a new approval.`,
          },
        },
      ),
    };
  }
  if (record.status === "pending" && !isExpired(record, now)) return { kind: "pending", record };
  if (isExpired(record, now)) {
    if (record.status === "pending") await kernel.approvals.expire(record.id);
    return { kind: "refused", error: closedError(record) };
  }
  if (record.status === "denied") return { kind: "refused", error: approvalDenied(record) };
  if (record.result_json === null)
    return { kind: "refused", error: new CommandError("internal_error", `approval request ${id} is approved but has no stored result`) };
  return { kind: "result", record, result: JSON.parse(record.result_json) as StoredResult };
}

/** The principal that asked: an approval runs the command as the caller that was held, not as the approver. */
export function requesterOf(record: ApprovalRecord): Principal {
  return {
    workspaceId: record.workspace_id,
    keyId: record.requested_by_key_id,
    scopes: JSON.parse(record.requested_scopes_json) as string[],
    kind: record.requested_by_kind,
  };
}

/** The request as people read it; a pending request past its expiry reads as expired. */
export function viewOf(record: ApprovalRecord, now: string): ApprovalView {
  const stored = record.result_json === null ? null : (JSON.parse(record.result_json) as StoredResult);
  return {
    id: record.id,
    status: isExpired(record, now) ? "expired" : record.status,
    command_id: record.command_id,
    command_hash: record.command_hash,
    input: JSON.parse(record.input_json) as ApprovalView["input"],
    preview: previewOf(record),
    requested_by: { kind: record.requested_by_kind, key_id: record.requested_by_key_id },
    requested_at: record.requested_at,
    expires_at: record.expires_at,
    decided_by: record.decided_by_kind === null ? null : { kind: record.decided_by_kind, key_id: record.decided_by_key_id },
    decided_at: record.decided_at,
    note: record.decision_note,
    executed_at: record.executed_at,
    result:
      stored === null
        ? null
        : {
            ok: stored.ok,
            status: stored.status,
            data: stored.ok ? (stored.data as Record<string, unknown>) : null,
            error: stored.ok ? null : publicError(stored.error),
          },
  };
}

/** A stored failure as the approval view shows it: the REST wording, without the template. */
function publicError(error: Extract<StoredResult, { ok: false }>["error"]): Omit<typeof error, "hint_template"> {
  const { hint_template: _template, ...rest } = error;
  return rest;
}

export function storedFailure(error: CommandError): StoredResult {
  const body: Extract<StoredResult, { ok: false }>["error"] = {
    code: error.code,
    message: error.message,
    hint: error.hint,
    hint_template: error.hintTemplate,
  };
  if (error.details) body.details = error.details;
  return { ok: false, status: error.httpStatus, error: body };
}
