// Deciding approval requests: list, show, approve, deny — for a person at the machine or a key
// with approvals.decide. Approving claims the request with a conditional update and runs its
// stored input in the same transaction, so concurrent approvals run the command exactly once.
import { findCommand, type ApprovalView, type CommandDefinition } from "@salestouch/contracts";
import { checkApprovalId, unstorableText } from "./text.js";
import type { Principal } from "./auth.js";
import { approvalNotFound, closedError, isExpired, requesterOf, storedFailure, viewOf, type StoredResult } from "./approvals.js";
import { bindPreview, changesSince, observedStale, parseBinding, staleError } from "./binding.js";
import { gather, gathers, invokeHandler, newRunState, settle, type Core, type RunState } from "./command-run.js";
import { CommandError } from "./errors.js";
import type { UnitOfWork } from "./handler.js";
import type { ApprovalRecord, ApprovalStatus, KernelRepositories } from "./kernel-store.js";
import { tracedLogger } from "./logger.js";
import type { TraceContext } from "./trace.js";
import { canDecide, resolvePermission } from "./permissions.js";

export interface ApprovalListOptions {
  status?: ApprovalStatus;
  limit?: number;
  cursor?: string;
}

export interface DecisionOptions {
  note?: string | null;
  requestId?: string;
  /** The deciding request's trace: the approved run's log lines and webhooks carry it. */
  trace?: TraceContext;
}

export interface ApprovalDesk {
  list(principal: Principal, options?: ApprovalListOptions): Promise<{ approvals: ApprovalView[]; next_cursor: string | null }>;
  get(principal: Principal, id: string): Promise<ApprovalView>;
  /** Approves and runs the stored input once; the view carries the stored result. */
  approve(principal: Principal, id: string, options?: DecisionOptions): Promise<ApprovalView>;
  deny(principal: Principal, id: string, options?: DecisionOptions): Promise<ApprovalView>;
}

export interface DeskOptions<R> {
  core: Core<R>;
  unitOfWork: UnitOfWork<R>;
  kernel: (repos: R) => KernelRepositories;
}

type Claim = { kind: "refused"; error: CommandError } | { kind: "ran"; data: unknown; state: RunState; definition: CommandDefinition };

function requireDecider(principal: Principal): void {
  if (canDecide(principal)) return;
  throw new CommandError("forbidden", "this API key may not decide approval requests: it lacks the approvals.decide scope", {
    hint: {
      rest: "Decide with a person's key created with --scopes approvals.decide, or with `salestouch approvals` on the server's machine. Agent keys (scope *) never get it.",
      cli: "Use a person's key created with `salestouch keys create --name <name> --scopes approvals.decide`, or run `salestouch approvals` on the server's machine. Agent keys (scope *) never get it.",
    },
  });
}

/** Why a request cannot be decided now, or null when it is pending and unexpired. */
async function undecidable(kernel: KernelRepositories, record: ApprovalRecord | undefined, id: string, now: string): Promise<CommandError | null> {
  if (!record) return approvalNotFound(id);
  if (isExpired(record, now)) {
    if (record.status === "pending") await kernel.approvals.expire(record.id);
    return closedError(record);
  }
  if (record.status === "pending") return null;
  const by = record.decided_by_kind === "local" ? "a person at the server's machine" : `API key ${record.decided_by_key_id}`;
  return new CommandError("conflict", `approval request ${id} was already ${record.status} by ${by} at ${record.decided_at}`, {
    hint: {
      rest: `Read it with GET /api/v1/approvals/${id}; a decision is final.`,
      cli: `Read it with \`salestouch approvals show ${id}\`; a decision is final.`,
    },
  });
}

/**
 * Why the caller that was held may no longer run its call: its key was revoked, or a rule now
 * denies it the command. An approval runs the call as that caller, so both are checked as a
 * call of that caller would be, at the moment it runs.
 */
async function requesterRefusal(
  kernel: KernelRepositories,
  record: ApprovalRecord,
  definition: CommandDefinition,
  requester: Principal,
): Promise<CommandError | null> {
  if (requester.kind === "api_key" && requester.keyId !== null && !(await kernel.apiKeys.isActive(record.workspace_id, requester.keyId))) {
    return new CommandError(
      "forbidden",
      `approval request ${record.id} was made by API key ${requester.keyId}, which has been revoked since; a revoked key's calls never run, and the command did not run`,
      {
        hint: "If the call is still wanted, make it again with an active key: it asks for a new approval.",
      },
    );
  }
  const rules = await kernel.permissionRules.forPrincipal(record.workspace_id, requester.keyId);
  const decision = resolvePermission(definition.descriptor, rules, requester.keyId);
  if (decision.permission !== "deny") return null;
  return new CommandError(
    "forbidden",
    `approval request ${record.id}: ${definition.id} is now denied to the caller that asked, by the ${decision.source}; the command did not run`,
    {
      hint: "Change the rule (salestouch policy set …) and have the caller ask again, or leave the call refused.",
    },
  );
}

/** A decision's note is stored text: the contract's text rule applies (text.ts), before anything is decided. */
function checkNote(note: string | null | undefined): void {
  const why = typeof note === "string" ? unstorableText(note) : null;
  if (why === null) return;
  throw new CommandError("invalid_input", `the note ${why}`, { details: [{ path: "/note", message: `${why}; remove it` }] });
}

export function createApprovalDesk<R>(options: DeskOptions<R>): ApprovalDesk {
  const { core, unitOfWork } = options;
  /** Errors that void the request rather than report a failed run: the approver gets them as the answer. */
  const refusals = new WeakSet<Error>();
  const voiding = (error: CommandError): CommandError => {
    refusals.add(error);
    return error;
  };
  const decider = (principal: Principal, status: "approved" | "denied", note: string | null, at: string) => ({
    status,
    byKind: principal.kind,
    byKeyId: principal.keyId,
    at,
    note,
  });

  async function readRecord(principal: Principal, id: string): Promise<ApprovalRecord> {
    const record = await unitOfWork.transaction("read", (repos) => options.kernel(repos).approvals.get(principal.workspaceId, id));
    if (!record) throw approvalNotFound(id);
    return record;
  }

  /** Phase 1: claim and run in one transaction; a failing run rolls both back and returns its error. */
  async function claimAndRun(
    principal: Principal,
    id: string,
    note: string | null,
    gathered: RunState | null,
    trace: TraceContext | undefined,
  ): Promise<Claim | { kind: "failed"; error: unknown }> {
    try {
      return await unitOfWork.transaction(
        "write",
        async (repos): Promise<Claim> => {
          const kernel = options.kernel(repos);
          // A gatherer's run state carries what it brought and its warnings.
          const state = gathered ?? newRunState(core, [], trace);
          const record = await kernel.approvals.get(principal.workspaceId, id);
          const refusal = await undecidable(kernel, record, id, state.now);
          if (refusal) return { kind: "refused", error: refusal };
          const definition = findCommand(record!.command_id).definition;
          if (!definition) throw new CommandError("unknown_command", `${record!.command_id} no longer exists in this version`);
          if (!(await kernel.approvals.decide(id, decider(principal, "approved", note, state.now)))) {
            return {
              kind: "refused",
              error: new CommandError("conflict", `approval request ${id} was decided by someone else a moment ago`, {
                hint: { rest: `Read it with GET /api/v1/approvals/${id}.`, cli: `Read it with \`salestouch approvals show ${id}\`.` },
              }),
            };
          }
          const held = record!;
          const requester = requesterOf(held);
          const refused = await requesterRefusal(kernel, held, definition, requester);
          if (refused) throw voiding(refused);
          // What the person saw must still be true: the preview runs again, here, and is compared.
          const input: unknown = JSON.parse(held.input_json);
          const stored = parseBinding(held);
          const now = await bindPreview(core, definition, input, requester, repos, newRunState(core, [], trace));
          const changes = changesSince(stored, held, now);
          if (changes.length > 0) throw voiding(staleError(held, changes));
          state.expected = { observed: (stored ?? now.binding).observed, mismatch: (name) => voiding(observedStale(held, name)) };
          const data = await invokeHandler(core, definition, input, requester, repos, state);
          state.expected = undefined;
          const result: StoredResult = { ok: true, status: 200, data, warnings: state.warnings };
          await kernel.approvals.recordResult(id, JSON.stringify(result), state.now);
          return { kind: "ran", data, state, definition };
        },
        { serializable: true },
      );
    } catch (error) {
      if (unitOfWork.isUnavailable?.(error)) throw new CommandError("unavailable");
      return { kind: "failed", error };
    }
  }

  /**
   * Phase 0, for a command that gathers from outside first (a lead source): while the request is
   * pending and its caller may still run it, the gatherer runs outside any transaction, as that
   * caller. Its failure is the run's failure, recorded like one.
   */
  async function gatherFor(
    principal: Principal,
    id: string,
    trace: TraceContext | undefined,
  ): Promise<{ state: RunState | null } | { kind: "failed"; error: unknown }> {
    const ready = await unitOfWork.transaction("read", async (repos) => {
      const kernel = options.kernel(repos);
      const record = await kernel.approvals.get(principal.workspaceId, id);
      if (record?.status !== "pending" || isExpired(record, core.clock().toISOString())) return null;
      const definition = findCommand(record.command_id).definition;
      if (!definition || !gathers(core, definition)) return null;
      const requester = requesterOf(record);
      if (await requesterRefusal(kernel, record, definition, requester)) return null;
      return { definition, requester, input: JSON.parse(record.input_json) as unknown };
    });
    if (!ready) return { state: null };
    const state = newRunState(core, [], trace);
    try {
      await gather(core, ready.definition, ready.input, ready.requester, state);
    } catch (error) {
      if (unitOfWork.isUnavailable?.(error)) throw new CommandError("unavailable");
      return { kind: "failed", error };
    }
    return { state };
  }

  /** Phase 2: the run failed; record the approval with its error (if nobody decided meanwhile). */
  async function recordFailure(
    principal: Principal,
    id: string,
    note: string | null,
    failure: unknown,
    trace: TraceContext | undefined,
  ): Promise<void> {
    const error = failure instanceof CommandError ? failure : new CommandError("internal_error");
    if (!(failure instanceof CommandError))
      tracedLogger(core.logger, trace).error("approved command failed", {
        approval_request_id: id,
        error: failure instanceof Error ? failure.stack : String(failure),
      });
    const refusal = await unitOfWork.transaction("write", async (repos) => {
      const kernel = options.kernel(repos);
      const now = core.clock().toISOString();
      if (!(await kernel.approvals.decide(id, decider(principal, "approved", note, now)))) {
        return new CommandError("conflict", `approval request ${id} was decided by someone else a moment ago`, {
          hint: { rest: `Read it with GET /api/v1/approvals/${id}.`, cli: `Read it with \`salestouch approvals show ${id}\`.` },
        });
      }
      await kernel.approvals.recordResult(id, JSON.stringify(storedFailure(error)), now);
      return null;
    });
    if (refusal) throw refusal;
  }

  /** After commit: effects and the output check, then the final result replaces the one stored at commit. */
  async function finish(id: string, claim: Extract<Claim, { kind: "ran" }>, requestId?: string): Promise<void> {
    let result: StoredResult;
    try {
      await settle(core, claim.definition, claim.data, claim.state, requestId);
      result = { ok: true, status: 200, data: claim.data, warnings: claim.state.warnings };
    } catch (error) {
      result = storedFailure(error instanceof CommandError ? error : new CommandError("internal_error"));
    }
    await unitOfWork.transaction("write", (repos) => options.kernel(repos).approvals.recordResult(id, JSON.stringify(result), claim.state.now));
  }

  return {
    async list(principal, listOptions = {}) {
      requireDecider(principal);
      const page = await unitOfWork.transaction("read", (repos) =>
        options
          .kernel(repos)
          .approvals.list(principal.workspaceId, { status: listOptions.status, limit: listOptions.limit ?? 50, cursor: listOptions.cursor }),
      );
      const now = core.clock().toISOString();
      return { approvals: page.items.map((r) => viewOf(r, now)), next_cursor: page.nextCursor };
    },
    async get(principal, id) {
      requireDecider(principal);
      checkApprovalId(id);
      return viewOf(await readRecord(principal, id), core.clock().toISOString());
    },
    async approve(principal, id, decision = {}) {
      checkNote(decision.note);
      requireDecider(principal);
      checkApprovalId(id);
      const note = decision.note?.trim() || null;
      const gathered = await gatherFor(principal, id, decision.trace);
      const claim = "kind" in gathered ? gathered : await claimAndRun(principal, id, note, gathered.state, decision.trace);
      if (claim.kind === "refused") throw claim.error;
      if (claim.kind === "failed") {
        await recordFailure(principal, id, note, claim.error, decision.trace);
        // Voided (changed since the person looked, or the asker may no longer run it): say so.
        if (claim.error instanceof CommandError && refusals.has(claim.error)) throw claim.error;
      } else {
        await finish(id, claim, decision.requestId);
      }
      return viewOf(await readRecord(principal, id), core.clock().toISOString());
    },
    async deny(principal, id, decision = {}) {
      checkNote(decision.note);
      requireDecider(principal);
      checkApprovalId(id);
      const note = decision.note?.trim() || null;
      const refusal = await unitOfWork.transaction("write", async (repos) => {
        const kernel = options.kernel(repos);
        const now = core.clock().toISOString();
        const record = await kernel.approvals.get(principal.workspaceId, id);
        const why = await undecidable(kernel, record, id, now);
        if (why) return why;
        const denied = await kernel.approvals.decide(id, decider(principal, "denied", note, now));
        return denied ? null : new CommandError("conflict", `approval request ${id} was decided by someone else a moment ago`);
      });
      if (refusal) throw refusal;
      return viewOf(await readRecord(principal, id), core.clock().toISOString());
    },
  };
}
