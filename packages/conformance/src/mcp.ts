// --mcp: the deployment's MCP endpoint (Streamable HTTP) lists every command as a tool, taking the
// spec's input fields. Through the MCP SDK's own client, as an agent host would connect.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Check } from "./checks.js";
import type { Contract } from "./contract.js";
import { fail } from "./outcome.js";

export function mcpChecks(mcpUrl: string, apiKey: string, contract: Contract, version: string): Check[] {
  let listing: Promise<Map<string, { inputSchema: unknown }>> | undefined;
  const tools = () =>
    (listing ??= (async () => {
      const client = new Client({ name: "salestouch-conformance", version });
      const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${apiKey}` } } });
      try {
        await client.connect(transport);
        const found = new Map<string, { inputSchema: unknown }>();
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor === undefined ? {} : { cursor });
          for (const tool of page.tools) found.set(tool.name, tool);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        return found;
      } catch (error) {
        fail(`could not list the tools at ${mcpUrl}: ${(error as Error).message}`);
      } finally {
        await client.close().catch(() => undefined);
      }
    })());
  return [
    {
      group: "mcp",
      name: "lists every command as a tool",
      run: async () => {
        const found = await tools();
        const missing = contract.commands.filter((c) => !found.has(c.tool)).map((c) => c.tool);
        if (missing.length > 0) fail(`tools missing from ${mcpUrl}: ${missing.join(", ")}`);
        return `${contract.commands.length} tools`;
      },
    },
    {
      group: "mcp",
      name: "each tool takes the command's input fields",
      run: async () => {
        const found = await tools();
        for (const command of contract.commands) {
          const schema = found.get(command.tool)?.inputSchema as Record<string, unknown> | undefined;
          if (!schema) fail(`${command.tool} is not listed`);
          // A server may list concise schemas (prose and patterns trimmed) and add arguments of its own;
          // every field of the spec must be there, and every field the spec requires, required.
          const listed = Object.keys((schema["properties"] ?? {}) as object);
          const missing = Object.keys((command.input_schema["properties"] ?? {}) as object).filter((name) => !listed.includes(name));
          if (missing.length > 0) fail(`${command.tool} lacks the input fields ${missing.join(", ")}`);
          const required = (schema["required"] ?? []) as string[];
          const optional = ((command.input_schema["required"] ?? []) as string[]).filter((name) => !required.includes(name));
          if (optional.length > 0) fail(`${command.tool} does not require ${optional.join(", ")}`);
        }
      },
    },
  ];
}
