// The data of a command that ran, or a test failure that names the error (or the approval it waits for).
import type { Done, Failed, Held } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";

export function data<T>(result: Done<T> | Held<unknown> | Failed): T;
export function data<T>(envelope: Envelope<T>): T;
export function data<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  if (envelope.status === 202) throw new Error(`held for approval (${envelope.meta.approval_request_id}), not run`);
  return envelope.data;
}
