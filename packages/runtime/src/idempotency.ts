// Idempotency keys (docs/approvals.md "Idempotency"): a retried mutating call with the same key
// and the same input gets the first result back; the same key with another input is a conflict.
// The record is written in the command's own transaction, under a unique index, so two replicas
// racing on one key commit one run (the loser's transaction fails and retries into a replay).
import type { Principal } from "./auth.js";
import { CommandError } from "./errors.js";
import type { IdempotencyRecord, KernelRepositories } from "./kernel-store.js";

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** What a replay returns: the first run's status, data and warnings. */
export interface StoredRun {
  status: number;
  data: unknown;
  warnings: string[];
}

export function checkIdempotencyKey(key: string): void {
  if (KEY_PATTERN.test(key)) return;
  throw new CommandError("invalid_input", "the idempotency key must be 1-200 visible ASCII characters without spaces", {
    details: [{ path: "/idempotency_key", message: "must be 1-200 visible ASCII characters, e.g. a UUID" }],
    hint: "Send a fresh random value (a UUID) in {{idempotency-arg}} per logical operation, and the same value when retrying it.",
  });
}

function principalKey(principal: Principal): string {
  return principal.keyId ?? "local";
}

/** The first run for this key, or null; a key first used with another input is a conflict. */
export async function replayFor(kernel: KernelRepositories, principal: Principal, key: string, hash: string): Promise<StoredRun | null> {
  const record = await kernel.idempotency.get(principal.workspaceId, principalKey(principal), key);
  if (!record) return null;
  if (record.command_hash !== hash) {
    throw new CommandError(
      "conflict",
      `idempotency key "${key}" was first used at ${record.created_at} for ${record.command_id} with another input; a key stands for one operation`,
      {
        hint: "Use a new {{idempotency-arg}} value for a new operation; retry an operation with exactly its first input.",
      },
    );
  }
  const stored = JSON.parse(record.result_json) as StoredRun;
  return {
    ...stored,
    warnings: [...stored.warnings, `replayed: the result of the first call with idempotency key "${key}" at ${record.created_at}; nothing ran again`],
  };
}

export async function recordRun(
  kernel: KernelRepositories,
  options: { principal: Principal; key: string; commandId: string; hash: string; run: StoredRun; id: string; now: string },
): Promise<void> {
  const row: IdempotencyRecord = {
    id: options.id,
    workspace_id: options.principal.workspaceId,
    principal: principalKey(options.principal),
    idempotency_key: options.key,
    command_id: options.commandId,
    command_hash: options.hash,
    result_json: JSON.stringify(options.run),
    created_at: options.now,
  };
  await kernel.idempotency.insert(row);
}

/** After commit, the final output (effects may have amended it) replaces the one stored with the run. */
export async function updateRun(kernel: KernelRepositories, principal: Principal, key: string, run: StoredRun): Promise<void> {
  await kernel.idempotency.updateResult(principal.workspaceId, principalKey(principal), key, JSON.stringify(run));
}
