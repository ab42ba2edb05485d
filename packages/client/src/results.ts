// What `run` answers, typed per command. The wire envelope is kept as it is; its `status` tells the
// three outcomes apart, so the compiler makes a caller check which one it got before reading `data`:
//   200 — the command ran: `data` is its output;
//   202 — held for a person's approval: nothing ran, `data` is the preview (or the pending request)
//         and `meta.approval_request_id` names the request;
//   4xx/5xx — the command did not run: `error` says why (`error.details[]` for invalid input).
import type { ApprovalPending, CommandId, CommandTypes, EnvelopeErrorBody, EnvelopeMeta, ErrorCode } from "@salestouch/contracts";

/** The HTTP statuses a command envelope reports a failure with. */
export type FailureStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

export interface CommandError extends EnvelopeErrorBody {
  code: ErrorCode;
}

export interface Done<T> {
  ok: true;
  status: 200;
  data: T;
  error: null;
  meta: EnvelopeMeta;
}

export interface Held<P> {
  ok: true;
  status: 202;
  data: P;
  error: null;
  meta: EnvelopeMeta & { approval_required: true; approval_request_id: string };
}

export interface Failed {
  ok: false;
  status: FailureStatus;
  data: null;
  error: CommandError;
  meta: EnvelopeMeta;
}

export type CommandOutput<K extends CommandId> = CommandTypes[K]["output"];
export type CommandInput<K extends CommandId> = CommandTypes[K]["input"];
/** What a held call's `data` is: the command's preview when the spec gives it one, else the pending request. */
export type HeldOutput<K extends CommandId> = CommandTypes[K]["approval_output"] extends null ? ApprovalPending : CommandTypes[K]["approval_output"];

export type CommandResult<K extends CommandId> = Done<CommandOutput<K>> | Held<HeldOutput<K>> | Failed;

/** A paginated read answered something other than a page (it failed, or a policy held it); `result` is that answer. */
export class CommandFailedError extends Error {
  constructor(
    readonly commandId: string,
    readonly result: Failed | Held<unknown>,
  ) {
    super(
      result.ok
        ? `${commandId} was held for approval (${result.meta.approval_request_id})`
        : `${commandId} failed: ${result.error.code}: ${result.error.message}`,
    );
    this.name = "CommandFailedError";
  }
}
