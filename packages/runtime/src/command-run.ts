// Running one handler inside a transaction the caller opened, and settling it after commit:
// deferred effects first, then output validation. Shared by execute() and by approvals, which
// run a stored input when a person approves it.
import type { CommandDefinition, CommandId } from "@salestouch/contracts";
import type { Principal } from "./auth.js";
import { CommandError } from "./errors.js";
import type { AfterCommit, Gatherer, Gatherers, Handler, HandlerContext, Handlers, Preview, Previews, UnitOfWork } from "./handler.js";
import type { IdGenerator } from "./ids.js";
import { tracedLogger, type Logger } from "./logger.js";
import type { TraceContext } from "./trace.js";
import { validationDetails } from "./validation.js";

/** What the pipeline shares: everything createRuntime resolved from its options. */
export interface Core<R> {
  handlers: Handlers<R>;
  unitOfWork: UnitOfWork<R>;
  previews: Previews<R>;
  gatherers: Gatherers<R>;
  logger: Logger;
  ids: IdGenerator;
  clock: () => Date;
  validateOutputs: boolean;
}

/** One command run: its warnings and the effects it deferred to after commit. */
export interface RunState {
  now: string;
  /** The trace of the request that runs it, if any (its log lines and webhooks carry it). */
  trace: TraceContext | undefined;
  /** The runtime's logger, with the trace's ids on every line. */
  logger: Logger;
  warnings: string[];
  effects: AfterCommit<never>[];
  /** While a preview runs: the outside state it observed (ctx.observe), which binds the held call. */
  observed?: Record<string, string>;
  /** While an approved call runs: what its preview observed; observing another value fails the run. */
  expected?: { observed: Record<string, string>; mismatch: (name: string) => Error };
  /** What the command's gatherer brought, once it ran (before the transaction). */
  gathered?: { value: unknown };
}

export function newRunState(core: { clock: () => Date; logger: Logger }, warnings: string[] = [], trace?: TraceContext): RunState {
  return { now: core.clock().toISOString(), trace, logger: tracedLogger(core.logger, trace), warnings, effects: [] };
}

function contextFor<R>(core: Core<R>, repos: R, principal: Principal, state: RunState): HandlerContext<R> {
  return {
    repos,
    principal,
    now: state.now,
    ids: core.ids,
    logger: state.logger,
    trace: state.trace,
    warn: (message) => void state.warnings.push(message),
    afterCommit: (effect) => void state.effects.push(effect as AfterCommit<never>),
    observe: (name, value) => {
      if (state.observed) state.observed[name] = value;
      const expected = state.expected;
      if (expected && Object.hasOwn(expected.observed, name) && expected.observed[name] !== value) throw expected.mismatch(name);
    },
    gathered: state.gathered?.value,
  };
}

/** True when the command gathers from outside the database before its transaction. */
export function gathers<R>(core: Core<R>, definition: CommandDefinition): boolean {
  return Object.hasOwn(core.gatherers, definition.id);
}

/** Runs the command's gatherer (outside any transaction) and keeps its result for the handler. */
export async function gather<R>(core: Core<R>, definition: CommandDefinition, input: unknown, principal: Principal, state: RunState): Promise<void> {
  const gatherer = core.gatherers[definition.id] as Gatherer<CommandId, R> | undefined;
  if (!gatherer) return;
  const value = await gatherer(input as never, {
    principal,
    now: state.now,
    logger: state.logger,
    warn: (message) => void state.warnings.push(message),
    read: (fn) => core.unitOfWork.transaction("read", fn),
  });
  state.gathered = { value };
}

/** The handler's promise (a refusal is thrown before it runs, as the caller awaits it). */
export function invokeHandler<R>(
  core: Core<R>,
  definition: CommandDefinition,
  input: unknown,
  principal: Principal,
  repos: R,
  state: RunState,
): Promise<unknown> {
  const handler = core.handlers[definition.id] as Handler<CommandId, R>;
  if (gathers(core, definition) && state.gathered === undefined) {
    // The call was held or denied when it started and is allowed now: its gatherer never ran.
    throw new CommandError("conflict", `${definition.id} could not run: the workspace's policy for it changed while the call started`, {
      hint: "Call it again.",
    });
  }
  return handler(input as never, contextFor(core, repos, principal, state));
}

/** The command's approval output; a command that has an approval_output_schema must have a preview. */
export async function invokePreview<R>(
  core: Core<R>,
  definition: CommandDefinition,
  input: unknown,
  principal: Principal,
  repos: R,
  state: RunState,
): Promise<unknown> {
  const preview = core.previews[definition.id] as Preview<CommandId, R> | undefined;
  if (!preview) {
    state.logger.error("command has an approval_output_schema but no preview", { command_id: definition.id });
    throw new CommandError("internal_error", `${definition.id} cannot be held for approval: it has no preview`);
  }
  const data = await preview(input as never, contextFor(core, repos, principal, state));
  if (core.validateOutputs && definition.validateApprovalOutput && !definition.validateApprovalOutput(data)) {
    state.logger.error("preview does not match the approval output schema", {
      command_id: definition.id,
      details: validationDetails(definition.validateApprovalOutput.errors),
    });
    throw new CommandError("internal_error", `${definition.id} produced a preview that does not match its approval_output_schema`);
  }
  return data;
}

/**
 * After commit: each effect in order (a failure is a warning), then the output check — a promise
 * only when there are effects to wait for; the check alone is done at once (it throws on a mismatch).
 */
export function settle<R>(
  core: Core<R>,
  definition: CommandDefinition,
  data: unknown,
  state: RunState,
  requestId?: string,
): Promise<void> | undefined {
  if (state.effects.length > 0)
    return runEffects(core, definition, state, requestId).then(() => checkOutput(core, definition, data, state, requestId));
  checkOutput(core, definition, data, state, requestId);
  return undefined;
}

async function runEffects<R>(core: Core<R>, definition: CommandDefinition, state: RunState, requestId: string | undefined): Promise<void> {
  const write = <T>(fn: (repos: R) => Promise<T>): Promise<T> => core.unitOfWork.transaction("write", fn);
  for (const effect of state.effects as AfterCommit<R>[]) {
    try {
      await effect(write);
    } catch (error) {
      state.logger.error("effect after commit failed", {
        command_id: definition.id,
        request_id: requestId,
        error: error instanceof Error ? error.stack : String(error),
      });
      state.warnings.push(`${definition.id} was saved, but a follow-up step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function checkOutput<R>(core: Core<R>, definition: CommandDefinition, data: unknown, state: RunState, requestId: string | undefined): void {
  if (core.validateOutputs && !definition.validateOutput(data)) {
    state.logger.error("command output does not match its output schema", {
      command_id: definition.id,
      request_id: requestId,
      details: validationDetails(definition.validateOutput.errors),
    });
    throw new CommandError("internal_error", `${definition.id} produced an output that does not match its schema`);
  }
}
