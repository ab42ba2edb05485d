// W3C Trace Context for one request: an incoming `traceparent` is continued (same trace id, a new
// span of ours), a missing or malformed one starts a new trace. The context is handed along with
// the request — the command endpoint's execute context, the runtime's per-call logger, a handler's
// context, a webhook delivery — rather than kept in AsyncLocalStorage, whose hooks ran for every
// promise of the process (docs/operations.md, docs/performance.md "SQLite HTTP, fourth round").
import { nodeCrypto } from "./node-crypto.js";

export interface TraceContext {
  /** 32 lowercase hex digits, shared by every span of the trace. */
  traceId: string;
  /** 16 lowercase hex digits: this request's span. */
  spanId: string;
  /** The caller's span, when it sent a valid traceparent. */
  parentSpanId: string | null;
  /** The caller's sampled flag, kept as it came (01 when we start the trace). */
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** Random bytes drawn 4 KiB at a time: two ids a request, each its own draw, cost more than the rest of the trace. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function newId(bytes: number): string {
  if (offset + bytes > pool.length) {
    nodeCrypto().randomFillSync(pool);
    offset = 0;
  }
  offset += bytes;
  return pool.toString("hex", offset - bytes, offset);
}

/**
 * The trace of a request that sent this `traceparent` header (or none). Version ff, all-zero ids
 * and anything but the version-00 shape start a new trace, as the W3C recommendation says.
 */
export function traceFromHeader(header: string | readonly string[] | undefined): TraceContext {
  const value = typeof header === "string" ? header.trim().toLowerCase() : undefined;
  const match = value === undefined ? null : TRACEPARENT.exec(value);
  const [, version, traceId, parentId, flags] = match ?? [];
  const valid = match !== null && version !== "ff" && traceId !== ZERO_TRACE && parentId !== ZERO_SPAN && (version !== "00" || value!.length === 55);
  if (!valid) return { traceId: newId(16), spanId: newId(8), parentSpanId: null, flags: "01" };
  return { traceId: traceId!, spanId: newId(8), parentSpanId: parentId!, flags: flags! };
}

/** The `traceparent` header for a call this span makes (a new child span id each time). */
export function outgoingTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${newId(8)}-${trace.flags}`;
}
