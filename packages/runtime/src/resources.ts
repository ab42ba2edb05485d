// The read-only resources of spec/resources.json, read through execute() so that authentication,
// scopes and workspace isolation apply exactly as they do to the command behind each resource.
import { commandIds, registry, resources, type Descriptor, type ResourceDefinition } from "@salestouch/contracts";
import { CommandError } from "./errors.js";
import type { ExecuteContext, Runtime } from "./runtime.js";

/** A resource as GET /api/v1/resources and MCP resources/list describe it. */
export interface ResourceSummary {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: string;
}

/** A read resource: GET /api/v1/resources/read answers {data: {resource: {uri, payload}}}. */
export interface ResourceContent {
  uri: string;
  payload: unknown;
}

export function listResources(): ResourceSummary[] {
  return resources.map(({ uri, name, title, description, mimeType }) => ({ uri, name, title, description, mimeType }));
}

export function findResource(uri: string): ResourceDefinition | undefined {
  return resources.find((r) => r.uri === uri);
}

export function unknownResource(uri: string): CommandError {
  return new CommandError("not_found", `no resource has the uri "${uri}"`, {
    hint: {
      rest: `Read one of ${resources.map((r) => r.uri).join(", ")}; GET /api/v1/resources lists them.`,
      mcp: `Read one of ${resources.map((r) => r.uri).join(", ")}; resources/list lists them.`,
    },
  });
}

/** One line of the catalog resource: enough to choose a command; its descriptor has the rest. */
type CatalogEntry = Pick<Descriptor, "command_id" | "title" | "summary" | "category" | "risk" | "default_permission">;

/**
 * The catalog summarised (about 200 characters a command, not the descriptors' 2,000): the full
 * descriptor of one command is GET /api/v1/commands/{id}/schema, `commands schema`, or the MCP
 * describe tool.
 */
function catalog(): { commands: CatalogEntry[] } {
  return {
    commands: commandIds.map((id) => {
      const { command_id, title, summary, category, risk, default_permission } = registry[id].descriptor;
      return { command_id, title, summary, category, risk, default_permission };
    }),
  };
}

/** The payload of `uri` for this principal; throws a CommandError (not_found for an unknown uri). */
export async function readResource(runtime: Runtime, uri: string, ctx: ExecuteContext): Promise<ResourceContent> {
  const resource = findResource(uri);
  if (!resource) throw unknownResource(uri);
  if ("builtin" in resource) return { uri, payload: catalog() };
  const envelope = await runtime.execute(resource.command, resource.input, { ...ctx, profile: "full" });
  if (!envelope.ok) {
    const { code, message, hint, details } = envelope.error;
    throw new CommandError(code as CommandError["code"], `reading ${uri} failed: ${message}`, { hint, details });
  }
  return { uri, payload: envelope.data };
}
