// Everything `salestouch` writes: with --json exactly one JSON document on stdout; otherwise a
// human rendering on stdout and failures (in red on a terminal) on stderr. Returns exit codes.
import type { Envelope, EnvelopeErrorBody, EnvelopeMeta } from "@salestouch/contracts";
import { asCliError, type CliError } from "./cli-error.js";
import { colorsFor } from "./color.js";
import { exitCodeForEnvelope } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { renderData } from "./render/data.js";
import { terminalSafe } from "./render/terminal-safe.js";

export interface OutputContext {
  io: CliIo;
  json: boolean;
  debug: boolean;
}

/** One JSON document: indented for a person at a terminal, one line for a program. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${io.stdout.isTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}

function writeErrorLines(io: CliIo, error: Pick<EnvelopeErrorBody, "code" | "message" | "hint" | "details" | "suggestions">): void {
  const paint = colorsFor(io.stderr, io.env);
  const lines = [paint.red(`error ${terminalSafe(error.code)}: ${terminalSafe(error.message)}`)];
  for (const detail of error.details ?? []) lines.push(paint.red(`  ${terminalSafe(detail.path || "/")}: ${terminalSafe(detail.message)}`));
  if (error.hint) lines.push(`hint: ${terminalSafe(error.hint)}`);
  io.stderr.write(`${lines.join("\n")}\n`);
}

function writeWarnings(io: CliIo, warnings: readonly string[]): void {
  const paint = colorsFor(io.stderr, io.env);
  for (const warning of warnings) io.stderr.write(`${paint.yellow(`warning: ${terminalSafe(warning)}`)}\n`);
}

export function writeEnvelope(envelope: Envelope, ctx: OutputContext): number {
  if (ctx.json) {
    writeJson(ctx.io, envelope);
    return exitCodeForEnvelope(envelope);
  }
  writeWarnings(ctx.io, envelope.meta.warnings);
  if (!envelope.ok) {
    writeErrorLines(ctx.io, envelope.error);
    return exitCodeForEnvelope(envelope);
  }
  if (envelope.data !== null && envelope.data !== undefined) ctx.io.stdout.write(renderData(envelope.data, colorsFor(ctx.io.stdout, ctx.io.env)));
  if (envelope.meta.approval_required) {
    const paint = colorsFor(ctx.io.stderr, ctx.io.env);
    const id = envelope.meta.approval_request_id ?? "<approval_request_id>";
    ctx.io.stderr.write(
      `${paint.yellow(`approval required: nothing ran yet; request ${id} waits for a person (salestouch approvals approve ${id}), then run the same command with --approval ${id} for the result`)}\n`,
    );
  }
  return exitCodeForEnvelope(envelope);
}

function writeDebug(ctx: OutputContext, error: CliError): void {
  if (!ctx.debug) return;
  const original = error.cause instanceof Error ? error.cause : error;
  ctx.io.stderr.write(`${original.stack ?? String(original)}\n`);
}

/** A failure outside any command result (keys, config, catalogue): the plain error body of the REST routes. */
export function writeFailure(thrown: unknown, ctx: OutputContext): number {
  const error = asCliError(thrown);
  writeDebug(ctx, error);
  if (ctx.json) writeJson(ctx.io, { error: { code: error.code, message: error.message, hint: error.hint } });
  else writeErrorLines(ctx.io, error);
  return error.exitCode;
}

/**
 * A failure of `commands run` before the command could answer (bad JSON, unreachable server, …).
 * With --json it is still an envelope, so a program reading stdout parses one shape every time.
 */
export async function writeRunFailure(thrown: unknown, ctx: OutputContext, commandId: string, input: unknown): Promise<number> {
  const error = asCliError(thrown);
  writeDebug(ctx, error);
  if (!ctx.json) {
    writeErrorLines(ctx.io, error);
    return error.exitCode;
  }
  const { commandHash } = await import("@salestouch/runtime");
  const meta: EnvelopeMeta = {
    approval_required: false,
    approval_request_id: null,
    command_hash: commandHash(commandId, input ?? null),
    warnings: [],
  };
  const body: EnvelopeErrorBody = { code: error.code, message: error.message, hint: error.hint, retryable: error.retryable };
  writeJson(ctx.io, { ok: false, status: error.httpStatus, data: null, error: body, meta } satisfies Envelope);
  return error.exitCode;
}
