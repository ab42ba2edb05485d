// The MCP table: envelopes → tool results. Success carries `data` as structuredContent and as
// text; a command failure is a result with isError and the fix hint in text only (the 1.x SDK
// client validates structuredContent against the output schema even on errors). `_meta` carries
// the envelope's meta, so a host sees command_hash, warnings and approval state.
import type { Envelope, EnvelopeErrorBody } from "@salestouch/contracts";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { APPROVAL_ARGUMENT } from "./call-options.js";

function metaOf(commandId: string, envelope: Envelope): Record<string, unknown> {
  const meta: Record<string, unknown> = { command_id: commandId, status: envelope.status, ...envelope.meta };
  if (!envelope.ok) meta["error_code"] = envelope.error.code;
  return meta;
}

/** What went wrong and what to do, in words a model can act on. */
export function describeError(error: Pick<EnvelopeErrorBody, "code" | "message" | "hint" | "details" | "suggestions">): string {
  const lines = [`${error.code}: ${error.message}`];
  for (const detail of error.details ?? []) lines.push(`  - ${detail.path || "/"}: ${detail.message}`);
  if (error.hint) lines.push(`How to fix: ${error.hint}`);
  if (error.suggestions && error.suggestions.length > 0) lines.push(`Did you mean: ${error.suggestions.join(", ")}`);
  return lines.join("\n");
}

export function toolResult(commandId: string, envelope: Envelope): CallToolResult {
  const _meta = metaOf(commandId, envelope);
  if (!envelope.ok) return { isError: true, content: [{ type: "text", text: describeError(envelope.error) }], _meta };
  const content: CallToolResult["content"] = [];
  if (envelope.meta.approval_required) content.push({ type: "text", text: heldNotice(commandId, envelope.meta.approval_request_id ?? "(unknown)") });
  content.push({ type: "text", text: JSON.stringify(envelope.data) });
  if (envelope.meta.warnings.length > 0)
    content.push({ type: "text", text: `Warnings:\n${envelope.meta.warnings.map((w) => `  - ${w}`).join("\n")}` });
  return { content, structuredContent: envelope.data as Record<string, unknown>, _meta };
}

/** Plain words for a held call: nothing ran, a person decides, and how to check back. */
export function heldNotice(commandId: string, requestId: string): string {
  return [
    `NOT RUN YET: ${commandId} was held for approval. A person must approve request ${requestId} before it runs; you cannot approve it yourself.`,
    `Tell the user: request ${requestId} waits for a person's decision in SalesTouch, outside this conversation.`,
    `To check back, call this tool again with exactly the same arguments plus "${APPROVAL_ARGUMENT}": "${requestId}": it returns the result once approved, says it is still pending until then, and reports approval_denied or approval_expired otherwise.`,
    "The JSON below is the preview of what approving would do.",
  ].join("\n");
}

/** A failure before any envelope exists (remote server unreachable, key refused): still a tool error. */
export function thrownResult(commandId: string, error: unknown): CallToolResult {
  const e = error as { code?: unknown; message?: unknown; hint?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "unavailable";
  const message = typeof e?.message === "string" ? e.message : String(error);
  const hint = typeof e?.hint === "string" ? e.hint : "Check that the SalesTouch server is reachable and the API key is valid, then retry.";
  return {
    isError: true,
    content: [{ type: "text", text: describeError({ code, message, hint }) }],
    _meta: { command_id: commandId, error_code: code },
  };
}
