// What a tool call carries besides the command input. A model cannot set `_meta`, so two reserved
// arguments are accepted and removed before the input is validated: `_approval_request_id` (collect
// the outcome of a held call) and `_idempotency_key` (replay the first result of a retried call).
// A host may send the same in `_meta` as `approval_request_id` and `idempotency_key`.
import type { CallOptions } from "./executor.js";

export const APPROVAL_ARGUMENT = "_approval_request_id";
export const IDEMPOTENCY_ARGUMENT = "_idempotency_key";

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function splitArguments(args: unknown, meta: Record<string, unknown> | undefined): { input: unknown; options: CallOptions } {
  const options: CallOptions = {};
  const approval = stringOf(meta?.["approval_request_id"]);
  const key = stringOf(meta?.["idempotency_key"]);
  if (approval) options.approvalRequestId = approval;
  if (key) options.idempotencyKey = key;
  if (args === null || typeof args !== "object" || Array.isArray(args)) return { input: args, options };
  const { [APPROVAL_ARGUMENT]: approvalArg, [IDEMPOTENCY_ARGUMENT]: keyArg, ...input } = args as Record<string, unknown>;
  if (stringOf(approvalArg)) options.approvalRequestId = stringOf(approvalArg);
  if (stringOf(keyArg)) options.idempotencyKey = stringOf(keyArg);
  return { input, options };
}
