// What the generated prompts list holds (spec/prompts/): workflows that chain commands, offered by
// MCP hosts as ready-made actions.
export interface PromptArgument {
  name: string;
  description: string;
  required: boolean;
}

export interface PromptDefinition {
  /** snake_case, the MCP prompt name. */
  name: string;
  title: string;
  description: string;
  arguments: readonly PromptArgument[];
  /** Every command the text names as {{tool <command_id>}}. */
  commands: readonly string[];
  /** The message, with {{<argument>}} and {{tool <command_id>}} placeholders. */
  text: string;
}
