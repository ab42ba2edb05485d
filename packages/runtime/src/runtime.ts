// execute(commandId, input, ctx): the one pipeline behind every surface (docs/design.md "The runtime pipeline"):
// find → scope → validate input → permission (allow | ask | deny) → run in a transaction → effects
// after commit → validate output → response profile → envelope. `ask` holds the call for a
// person's approval instead of running it (approvals.ts); a decision runs it (approval-desk.ts).
import { checkApprovalId, csvTextPaths } from "./text.js";
import {
  commandIds,
  findCommand,
  registry,
  type CommandDefinition,
  type Envelope,
  type ValidationError,
  type EnvelopeMeta,
  type FoundCommand,
  type ErrorCode,
  type ResponseProfile,
} from "@salestouch/contracts";
import { commandFacts } from "@salestouch/contracts/facts";
import { createApprovalDesk, type ApprovalDesk } from "./approval-desk.js";
import { collect, hold, previewOf } from "./approvals.js";
import { hasScope, requiredScope, type Principal } from "./auth.js";
import { commandHashPaced } from "./canonical.js";
import { paceDue, pacer, type Pace } from "./pace.js";
import { validateInput } from "./validate-input.js";
import { gather, gathers, invokeHandler, newRunState, settle, type Core, type RunState } from "./command-run.js";
import { errorEnvelope, successEnvelope } from "./envelope.js";
import { MAX_INPUT_DEPTH } from "./depth.js";
import { inspectInput, type Inspection } from "./inspect.js";
import { CommandError } from "./errors.js";
import type { Gatherers, Handlers, Previews, UnitOfWork } from "./handler.js";
import { checkIdempotencyKey, recordRun, replayFor, updateRun, type StoredRun } from "./idempotency.js";
import { createIdGenerator, type IdGenerator } from "./ids.js";
import type { ApprovalRecord, KernelRepositories } from "./kernel-store.js";
import { silentLogger, tracedLogger, type Logger } from "./logger.js";
import { resolvePermission, type PermissionDecision } from "./permissions.js";
import { applyProfile } from "./profile.js";
import type { Surface } from "./hints.js";
import type { TraceContext } from "./trace.js";
import { describeDetails, validationDetails } from "./validation.js";

export const DEFAULT_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;

export interface RuntimeOptions<R> {
  handlers: Handlers<R>;
  unitOfWork: UnitOfWork<R>;
  /** What approving a held call would do, for commands with an approval_output_schema. */
  previews?: Previews<R>;
  /** What a few commands read from outside the database before their transaction (handler.ts Gatherer). */
  gatherers?: Gatherers<R>;
  /** Permission rules, approvals and idempotency keys, bound to the transaction's repositories. Without it only spec defaults apply and `ask` cannot hold. */
  kernel?: (repos: R) => KernelRepositories;
  /** How long a held call waits for a decision (default 24 hours). */
  approvalTtlMs?: number;
  logger?: Logger;
  ids?: IdGenerator;
  clock?: () => Date;
  /** Validate every output against its schema (default on; a mismatch is internal_error). */
  validateOutputs?: boolean;
}

export interface ExecuteContext {
  principal: Principal;
  profile?: ResponseProfile;
  requestId?: string;
  /** Collect the outcome of this approval request (made for the same command and input) instead of asking again. */
  approvalRequestId?: string | null;
  /** A mutating call retried with the same key and input returns its first result; read commands ignore it. */
  idempotencyKey?: string | null;
  /** Who reads the answer: hints name that surface's means (hints.ts); default rest. */
  surface?: Surface;
  /** The W3C trace of the request behind the call: the call's log lines and the webhooks it causes carry it. */
  trace?: TraceContext;
}

export interface Runtime {
  execute(commandId: string, input: unknown, ctx: ExecuteContext): Promise<Envelope>;
  /** Listing and deciding approval requests (a person, or a key with approvals.decide). */
  readonly approvals: ApprovalDesk;
}

type Outcome = { kind: "ran"; data: unknown } | { kind: "held"; record: ApprovalRecord };
type GateStep = Outcome | { kind: "upgrade" } | { kind: "replayed"; run: StoredRun };

function unknownCommand(found: Extract<FoundCommand, { definition: null }>): CommandError {
  const { suggestions } = found;
  const hint =
    suggestions.length > 0 ? `Did you mean ${suggestions.map((id) => `{{id ${id}}}`).join(", ")}? List every command with {{commands}}.` : undefined;
  return new CommandError("unknown_command", found.message, { hint, suggestions });
}

/** Per command, the input strings that are CSV text (text.ts), read once from its schema. */
const NO_CSV_TEXT: ReadonlySet<string> = new Set();
const CSV_TEXT = new WeakMap<CommandDefinition, ReadonlySet<string>>();
function csvTextOf(definition: CommandDefinition): ReadonlySet<string> {
  let paths = CSV_TEXT.get(definition);
  if (!paths) {
    paths = csvTextPaths(definition.inputSchema);
    CSV_TEXT.set(definition, paths);
  }
  return paths;
}

/**
 * The refusals of inspectInput's findings, then the generated validator on the inspected copy (a
 * long list in pieces): the valid input, at once unless a long list was validated in pieces.
 */
function checkInput(definition: CommandDefinition, inspection: Inspection, pace: Pace): unknown {
  if (inspection.deep !== null) {
    throw new CommandError("invalid_input", `${definition.id} input nests deeper than ${MAX_INPUT_DEPTH} levels`, {
      details: [{ path: inspection.deep, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep; flatten the input` }],
    });
  }
  const unstorable = inspection.unstorable;
  if (unstorable !== null) {
    throw new CommandError("invalid_input", `${definition.id} input is invalid: ${unstorable.path} ${unstorable.message}`, {
      details: [{ path: unstorable.path, message: `${unstorable.message}; remove it` }],
    });
  }
  // Validation fills schema defaults in place, so it works on the inspection's copy of the caller's
  // value (objects and arrays copied, strings shared: copying a CSV of megabytes took milliseconds).
  const copy = inspection.copy;
  const verdict = validateInput(definition, copy, pace);
  return verdict instanceof Promise ? verdict.then((errors) => validated(definition, copy, errors)) : validated(definition, copy, verdict);
}

function validated(definition: CommandDefinition, copy: unknown, errors: ValidationError[] | null): unknown {
  if (errors === null) return copy;
  const details = validationDetails(errors, definition.inputSchema);
  throw new CommandError("invalid_input", `${definition.id} input is invalid: ${describeDetails(details)}`, {
    details,
    hint: `Fix the fields listed; {{schema ${definition.id}}} gives every field with its type.`,
  });
}

function checkScope(definition: CommandDefinition, principal: Principal): void {
  const scope = requiredScope(definition.descriptor);
  if (hasScope(principal, scope)) return;
  throw new CommandError("forbidden", `this API key lacks the scope ${scope} that ${definition.id} needs`, {
    hint: {
      rest: `Use a key with the ${scope} scope; a person creates one on the server's machine with \`salestouch keys create --scopes ${scope}\`.`,
      cli: `Use a key with the ${scope} scope: \`salestouch keys create --name <name> --scopes ${scope}\` on the server's machine.`,
      mcp: `This connection's API key lacks the ${scope} scope; ask the user to configure a key that has it. Tools it may not run are not listed.`,
    },
  });
}

function denied(definition: CommandDefinition, decision: PermissionDecision): CommandError {
  const target = decision.rule?.target ?? definition.id;
  const key = decision.rule && decision.rule.subject !== "workspace" ? ` --key ${decision.rule.subject}` : "";
  return new CommandError("forbidden", `${definition.id} is denied by the ${decision.source}`, {
    hint: {
      rest: `A workspace admin can change it on the server's machine: \`salestouch policy set ${target} allow${key}\` (or ask, to hold calls for approval).`,
      cli: `A workspace admin can change it: \`salestouch policy set ${target} allow${key}\` (or ask, to hold calls for approval).`,
      mcp: `A workspace policy denies ${target}; do not retry. Tell the user, who can ask a workspace admin to allow it.`,
    },
  });
}

/**
 * A command that can show what approving it would do must have the preview that shows it: the
 * preview is what binds a held call to the state a person saw (binding.ts). Refusing to build
 * such a runtime makes a command added without one fail at start-up, not when it is first held.
 */
function checkPreviews<R>(previews: Previews<R>): void {
  // Read from what every definition holds eagerly (the validator exists exactly when the schema
  // does) and the commands' facts, so a start does not build every command's schemas and descriptor.
  const missing = commandIds.filter((id) => {
    const definition = registry[id] as CommandDefinition;
    return (definition.validateApprovalOutput !== null || commandFacts[id].risk === "approval") && !Object.hasOwn(previews, id);
  });
  if (missing.length > 0)
    throw new Error(
      `no approval preview for ${missing.join(", ")}: a command that can be held for approval with an approval_output_schema (every risk approval command) needs a preview, which binds the held call to what it shows`,
    );
}

export function createRuntime<R>(options: RuntimeOptions<R>): Runtime {
  if (options.kernel) checkPreviews(options.previews ?? {});
  const core: Core<R> = {
    handlers: options.handlers,
    unitOfWork: options.unitOfWork,
    previews: options.previews ?? {},
    gatherers: options.gatherers ?? {},
    logger: options.logger ?? silentLogger,
    ids: options.ids ?? createIdGenerator(),
    clock: options.clock ?? (() => new Date()),
    validateOutputs: options.validateOutputs ?? true,
  };
  const { unitOfWork } = options;
  const ttlMs = options.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS;

  function kernelOf(repos: R): KernelRepositories {
    if (!options.kernel) throw new CommandError("internal_error", "this runtime was built without a store for approvals");
    return options.kernel(repos);
  }

  /** Inside the transaction: permission, then hold, replay or run. */
  async function gate(repos: R, mode: "read" | "write", call: Call): Promise<GateStep> {
    const { definition, ctx, state } = call;
    const kernel = options.kernel?.(repos);
    // Cached rules come as a value: awaiting only a promise spares the common call one.
    const found = kernel ? kernel.permissionRules.forPrincipal(ctx.principal.workspaceId, ctx.principal.keyId, ctx.principal.accessRead) : [];
    const rules = found instanceof Promise ? await found : found;
    const decision = resolvePermission(definition.descriptor, rules, ctx.principal.keyId);
    if (decision.permission === "deny") throw denied(definition, decision);
    if (decision.permission === "ask") {
      if (mode === "read") return { kind: "upgrade" };
      return {
        kind: "held",
        record: await hold({
          core,
          kernel: kernelOf(repos),
          repos,
          definition,
          input: call.input,
          principal: ctx.principal,
          hash: call.hash,
          state,
          ttlMs,
        }),
      };
    }
    if (call.key !== null && kernel) {
      const run = await replayFor(kernel, ctx.principal, call.key, call.hash);
      if (run) return { kind: "replayed", run };
    }
    const data = await invokeHandler(core, definition, call.input, ctx.principal, repos, state);
    if (call.key !== null && kernel) {
      const run = { status: 200, data, warnings: [...state.warnings] };
      await recordRun(kernel, {
        principal: ctx.principal,
        key: call.key,
        commandId: definition.id,
        hash: call.hash,
        run,
        id: core.ids.next("idk"),
        now: state.now,
      });
    }
    return { kind: "ran", data };
  }

  interface Call {
    definition: CommandDefinition;
    input: unknown;
    ctx: ExecuteContext;
    hash: string;
    key: string | null;
    state: RunState;
  }

  /**
   * For a command that gathers from outside first: will this call run now (allowed, no stored
   * result for its idempotency key)? Read in a short read transaction; the gate decides again.
   */
  async function willRun(call: Call): Promise<boolean> {
    return unitOfWork.transaction("read", async (repos) => {
      const kernel = options.kernel?.(repos);
      const { principal } = call.ctx;
      const rules = kernel ? await kernel.permissionRules.forPrincipal(principal.workspaceId, principal.keyId, principal.accessRead) : [];
      if (resolvePermission(call.definition.descriptor, rules, call.ctx.principal.keyId).permission !== "allow") return false;
      return !(call.key !== null && kernel && (await replayFor(kernel, call.ctx.principal, call.key, call.hash)));
    });
  }

  async function runGated(call: Call): Promise<Outcome> {
    const first = call.definition.descriptor.risk === "read" ? "read" : "write";
    // Outside any transaction, so a slow service never holds the database.
    if (gathers(core, call.definition) && (await willRun(call))) await gather(core, call.definition, call.input, call.ctx.principal, call.state);
    let step = await unitOfWork.transaction(first, (repos) => gate(repos, first, call));
    if (step.kind === "upgrade") step = await unitOfWork.transaction("write", (repos) => gate(repos, "write", call));
    if (step.kind === "upgrade") throw new CommandError("internal_error");
    if (step.kind === "replayed") {
      call.state.warnings.push(...step.run.warnings);
      return { kind: "ran", data: step.run.data };
    }
    if (step.kind === "ran") {
      const settled = settle(core, call.definition, step.data, call.state, call.ctx.requestId);
      if (settled !== undefined) await settled;
      const key = call.key;
      if (key !== null && call.state.effects.length > 0) {
        const run = { status: 200, data: step.data, warnings: [...call.state.warnings] };
        await unitOfWork.transaction("write", (repos) => updateRun(kernelOf(repos), call.ctx.principal, key, run));
      }
    }
    return step;
  }

  /** approval_request_id given: the stored outcome of that request, never a new run. */
  async function runCollected(call: Call, id: string): Promise<Outcome> {
    const collected = await unitOfWork.transaction("write", async (repos) => {
      const kernel = kernelOf(repos);
      // Collecting is reading the call's result: the caller's rules apply to it as to a call.
      const { principal } = call.ctx;
      const decision = resolvePermission(
        call.definition.descriptor,
        await kernel.permissionRules.forPrincipal(principal.workspaceId, principal.keyId, principal.accessRead),
        principal.keyId,
      );
      if (decision.permission === "deny") throw denied(call.definition, decision);
      return collect(kernel, call.definition, id, principal, call.hash, call.state.now);
    });
    if (collected.kind === "refused") throw collected.error;
    if (collected.kind === "pending") return { kind: "held", record: collected.record };
    const result = collected.result;
    if (!result.ok)
      throw new CommandError(result.error.code as ErrorCode, result.error.message, {
        hint: result.error.hint_template ?? result.error.hint,
        details: result.error.details,
      });
    call.state.warnings.push(...result.warnings);
    return { kind: "ran", data: result.data };
  }

  function envelopeOf(outcome: Outcome, definition: CommandDefinition, ctx: ExecuteContext, meta: EnvelopeMeta): Envelope {
    if (outcome.kind === "held") {
      meta.approval_required = true;
      meta.approval_request_id = outcome.record.id;
      return successEnvelope(previewOf(outcome.record), meta, 202);
    }
    const trimmed = applyProfile(outcome.data, ctx.profile ?? "full", definition.compactTrim);
    if (trimmed.length > 0) meta.warnings.push(`compact profile: emptied ${trimmed.join(", ")}; use response_profile full for everything`);
    return successEnvelope(outcome.data, meta);
  }

  function classify(error: unknown, commandId: string, ctx: ExecuteContext): CommandError {
    if (error instanceof CommandError) return error;
    const logger = tracedLogger(core.logger, ctx.trace);
    if (unitOfWork.isUnavailable?.(error)) {
      logger.warn("database unavailable", { command_id: commandId, request_id: ctx.requestId, error: String(error) });
      return new CommandError("unavailable");
    }
    logger.error("command failed", {
      command_id: commandId,
      request_id: ctx.requestId,
      error: error instanceof Error ? error.stack : String(error),
    });
    return new CommandError("internal_error");
  }

  return {
    async execute(commandId, rawInput, ctx) {
      // A large input (a CSV of megabytes) is hashed in slices and checked between turns of the
      // loop, so no step of the pipeline holds other requests up for long (docs/decisions/0012).
      const pace = pacer();
      const found = findCommand(commandId);
      // Each step answers with a value when no turn of the loop came due (a small input): awaiting
      // only a promise spares the common call a promise per step (docs/performance.md, fourth round).
      const inspecting = inspectInput(rawInput ?? null, found.definition ? csvTextOf(found.definition) : NO_CSV_TEXT, pace);
      const inspection = inspecting instanceof Promise ? await inspecting : inspecting;
      const hashing = commandHashPaced(commandId, inspection.deep === null ? (rawInput ?? null) : { too_deep: true }, pace);
      const hash = typeof hashing === "string" ? hashing : await hashing;
      const meta: EnvelopeMeta = { approval_required: false, approval_request_id: ctx.approvalRequestId ?? null, command_hash: hash, warnings: [] };
      try {
        if (!found.definition) throw unknownCommand(found);
        const definition = found.definition;
        // Scope first: a key that may not run the command learns nothing about its input rules.
        checkScope(definition, ctx.principal);
        const checking = checkInput(definition, inspection, pace);
        const input = checking instanceof Promise ? await checking : checking;
        if (paceDue(pace)) await pace();
        if (ctx.approvalRequestId) checkApprovalId(ctx.approvalRequestId);
        const key = definition.descriptor.risk === "read" ? null : (ctx.idempotencyKey ?? null);
        if (key !== null) checkIdempotencyKey(key);
        const call: Call = { definition, input, ctx, hash, key, state: newRunState(core, meta.warnings, ctx.trace) };
        const outcome = ctx.approvalRequestId ? await runCollected(call, ctx.approvalRequestId) : await runGated(call);
        return envelopeOf(outcome, definition, ctx, meta);
      } catch (error) {
        return errorEnvelope(classify(error, commandId, ctx), meta, ctx.surface);
      }
    },
    approvals: createApprovalDesk({ core, unitOfWork, kernel: kernelOf }),
  };
}
