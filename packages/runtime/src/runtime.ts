// execute(commandId, input, ctx): the one pipeline behind every surface (DESIGN.md "The runtime pipeline").
import {
  closestCommandIds, commandIds, registry, type CommandDefinition, type CommandId, type Envelope, type EnvelopeMeta,
  type ResponseProfile,
} from "@salestouch/contracts";
import { hasScope, requiredScope, type Principal } from "./auth.js";
import { commandHash } from "./canonical.js";
import { errorEnvelope, successEnvelope } from "./envelope.js";
import { MAX_INPUT_DEPTH, pathDeeperThan } from "./depth.js";
import { CommandError } from "./errors.js";
import type { Handler, Handlers, UnitOfWork } from "./handler.js";
import { createIdGenerator, type IdGenerator } from "./ids.js";
import { silentLogger, type Logger } from "./logger.js";
import { applyProfile } from "./profile.js";
import { describeDetails, validationDetails } from "./validation.js";

export interface RuntimeOptions<R> {
  handlers: Handlers<R>;
  unitOfWork: UnitOfWork<R>;
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
}

export interface Runtime {
  execute(commandId: string, input: unknown, ctx: ExecuteContext): Promise<Envelope>;
}

function definitionOf(commandId: string): CommandDefinition | undefined {
  return Object.hasOwn(registry, commandId) ? registry[commandId as CommandId] as CommandDefinition : undefined;
}

function unknownCommand(commandId: string): CommandError {
  const suggestions = closestCommandIds(commandId, commandIds);
  const hint = suggestions.length > 0
    ? `Did you mean ${suggestions.join(", ")}? List every command with GET /api/v1/commands or \`salestouch commands list\`.`
    : undefined;
  return new CommandError("unknown_command", `no command has the id "${commandId}"`, { hint, suggestions });
}

function checkInput(definition: CommandDefinition, input: unknown): unknown {
  const deep = pathDeeperThan(input);
  if (deep !== null) {
    throw new CommandError("invalid_input", `${definition.id} input nests deeper than ${MAX_INPUT_DEPTH} levels`, {
      details: [{ path: deep, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep; flatten the input` }],
    });
  }
  // Validation fills schema defaults in place, so it works on a copy of the caller's value.
  const copy = structuredClone(input);
  if (definition.validateInput(copy)) return copy;
  const details = validationDetails(definition.validateInput.errors);
  throw new CommandError("invalid_input", `${definition.id} input is invalid: ${describeDetails(details)}`, { details });
}

export function createRuntime<R>(options: RuntimeOptions<R>): Runtime {
  const logger = options.logger ?? silentLogger;
  const ids = options.ids ?? createIdGenerator();
  const clock = options.clock ?? (() => new Date());
  const validateOutputs = options.validateOutputs ?? true;

  async function run(definition: CommandDefinition, input: unknown, ctx: ExecuteContext, warnings: string[]): Promise<unknown> {
    const scope = requiredScope(definition.descriptor);
    if (!hasScope(ctx.principal, scope)) {
      throw new CommandError("forbidden", `this API key lacks the scope ${scope} that ${definition.id} needs`, {
        hint: `Create a key with the ${scope} scope (salestouch keys create --scopes ${scope}), or use a key that has it.`,
      });
    }
    const handler = options.handlers[definition.id] as Handler<CommandId, R>;
    const mode = definition.descriptor.risk === "read" ? "read" : "write";
    const data = await options.unitOfWork.transaction(mode, (repos) =>
      handler(input as never, { repos, principal: ctx.principal, now: clock().toISOString(), ids, logger, warn: (m) => warnings.push(m) }),
    );
    if (validateOutputs && !definition.validateOutput(data)) {
      logger.error("command output does not match its output schema", {
        command_id: definition.id, request_id: ctx.requestId, details: validationDetails(definition.validateOutput.errors),
      });
      throw new CommandError("internal_error", `${definition.id} produced an output that does not match its schema`);
    }
    return data;
  }

  function classify(error: unknown, commandId: string, ctx: ExecuteContext): CommandError {
    if (error instanceof CommandError) return error;
    if (options.unitOfWork.isUnavailable?.(error)) {
      logger.warn("database unavailable", { command_id: commandId, request_id: ctx.requestId, error: String(error) });
      return new CommandError("unavailable");
    }
    logger.error("command failed", { command_id: commandId, request_id: ctx.requestId, error: error instanceof Error ? error.stack : String(error) });
    return new CommandError("internal_error");
  }

  return {
    async execute(commandId, rawInput, ctx) {
      const meta: EnvelopeMeta = { approval_required: false, approval_request_id: null, command_hash: commandHash(commandId, rawInput ?? null), warnings: [] };
      try {
        const definition = definitionOf(commandId);
        if (!definition) throw unknownCommand(commandId);
        const input = checkInput(definition, rawInput);
        const data = await run(definition, input, ctx, meta.warnings);
        const trimmed = applyProfile(data, ctx.profile ?? "full", definition.compactTrim);
        if (trimmed.length > 0) meta.warnings.push(`compact profile: emptied ${trimmed.join(", ")}; use response_profile full for everything`);
        return successEnvelope(data, meta);
      } catch (error) {
        return errorEnvelope(classify(error, commandId, ctx), meta);
      }
    },
  };
}
