// Stdio remote mode: commands through @salestouch/client, resources through GET /api/v1/resources.
import { ApiError, createClient, fetchNoRedirect } from "@salestouch/client";
import type { PlainErrorBody } from "@salestouch/contracts";
import { findResource, SURFACE_HEADER, type ResourceSummary } from "@salestouch/runtime";
import type { McpExecutor } from "./executor.js";

export interface RemoteExecutorOptions {
  baseUrl: string;
  /** An API key (st_…) or access token, sent as Authorization: Bearer. */
  credential?: string;
  fetch?: typeof fetch;
}

/** A redirect refused by the client, in the agent's terms: the model cannot change the server address, the user can. */
function inAgentTerms(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code !== "redirected") return error;
  return new ApiError(
    error.status,
    "unavailable",
    error.message,
    "Tell the user: the SalesTouch server address this MCP server was given (SALESTOUCH_API_BASE_URL or baseUrl) answers with a redirect; set it to the server's own address.",
  );
}

async function getJson<T>(url: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<T> {
  const response = await fetchNoRedirect(fetchImpl, url, { headers }).catch((error: unknown) => {
    throw inAgentTerms(error);
  });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (response.ok) return body as T;
  const plain = (body as PlainErrorBody | undefined)?.error;
  if (plain && typeof plain.message === "string") throw new ApiError(response.status, plain.code, plain.message, plain.hint);
  throw new ApiError(response.status, "internal_error", `unexpected HTTP ${response.status} response from ${url}`);
}

export function remoteExecutor(options: RemoteExecutorOptions): McpExecutor {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> = options.credential ? { authorization: `Bearer ${options.credential}` } : {};
  // One attempt per tool call: the agent sees the failure and decides; its own idempotency key, if any, is passed on.
  const client = createClient({
    baseUrl,
    apiKey: options.credential,
    fetch: fetchImpl,
    retry: false,
    timeoutMs: 0,
    headers: { [SURFACE_HEADER]: "mcp" },
  });
  return {
    run: (commandId, input, options = {}) =>
      client.runAny(commandId, input, options).catch((error: unknown) => {
        throw inAgentTerms(error);
      }),
    async listResources() {
      const body = await getJson<{ data: { resources: Omit<ResourceSummary, "title">[] } }>(`${baseUrl}/api/v1/resources`, headers, fetchImpl);
      return body.data.resources.map((r) => ({ ...r, title: findResource(r.uri)?.title ?? r.name }));
    },
    async readResource(uri) {
      const body = await getJson<{ data: { resource: { payload: unknown } } }>(
        `${baseUrl}/api/v1/resources/read?uri=${encodeURIComponent(uri)}`,
        headers,
        fetchImpl,
      );
      return body.data.resource.payload;
    },
  };
}
