// The data of a successful envelope, or a test failure that names the error.
import type { Envelope } from "@salestouch/contracts";

export function data<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data;
}
