// The workflows of spec/prompts/ as MCP prompts: listed when the server exposes every command a
// prompt names, and rendered with the caller's arguments and this server's tool names.
import { commandToolName, prompts, type PromptDefinition } from "@salestouch/contracts";
import { ErrorCode, McpError, type GetPromptResult, type Prompt } from "@modelcontextprotocol/sdk/types.js";
import type { ToolNames } from "./tools.js";

/** The prompts whose commands are all exposed (a read-only server offers no sending workflow). */
export function exposedPrompts(commandIds: ReadonlySet<string>): PromptDefinition[] {
  return prompts.filter((p) => p.commands.every((id) => commandIds.has(id)));
}

export function promptListing(prompt: PromptDefinition): Prompt {
  return { name: prompt.name, title: prompt.title, description: prompt.description, arguments: prompt.arguments.map((a) => ({ ...a })) };
}

/** The prompt's message; a missing required argument is the protocol's invalid-params error. */
export function renderPrompt(prompt: PromptDefinition, args: Record<string, string> | undefined, names: ToolNames): GetPromptResult {
  const given = args ?? {};
  const missing = prompt.arguments.filter((a) => a.required && !(given[a.name] ?? "").trim());
  if (missing.length > 0) {
    throw new McpError(ErrorCode.InvalidParams, `prompt ${prompt.name} needs ${missing.map((a) => `"${a.name}" (${a.description})`).join(", ")}`);
  }
  const unknown = Object.keys(given).filter((k) => !prompt.arguments.some((a) => a.name === k));
  if (unknown.length > 0) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `prompt ${prompt.name} has no argument ${unknown.join(", ")}; it takes ${prompt.arguments.map((a) => a.name).join(", ")}`,
    );
  }
  const text = prompt.text.replace(/\{\{(tool )?([a-z0-9_.]+)\}\}/g, (_whole, tool: string | undefined, name: string) =>
    tool ? commandToolName(name, { dotted: names === "dotted" }) : (given[name] ?? "").trim(),
  );
  return { description: prompt.description, messages: [{ role: "user", content: { type: "text", text } }] };
}
