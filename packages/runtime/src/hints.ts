// One error, rendered per surface (docs/decisions/0010-hints-per-surface.md): a hint names only the
// means of the surface that reads it — routes over REST, verbs and flags in the CLI, tools and
// arguments over MCP. A hint is a template whose {{tokens}} stand for those means, or a wording per
// surface where a sentence cannot be shared; this file is the one table that renders them.
import { commandToolName, SURFACE_HEADER } from "@salestouch/contracts";

export type Surface = "rest" | "cli" | "mcp";
export const SURFACES: readonly Surface[] = ["rest", "cli", "mcp"];

/** A template shared by every surface, or one per surface (REST's doubles as the default). */
export type Hint = string | { rest: string; cli?: string; mcp?: string };

type Means = Record<Surface, (arg: string) => string>;

/** Every means a hint may name, and how each surface spells it. */
const MEANS: Record<string, Means> = {
  // Read a command's fields: its schema route, its generated help (flags), the describe tool.
  schema: {
    rest: (id) => `GET /api/v1/commands/${id || "{command_id}"}/schema`,
    cli: (id) => `\`salestouch help ${id || "<command_id>"}\` (its fields as flags)`,
    mcp: (id) => (id ? `describe_tool with {"name": "${commandToolName(id)}"}` : "describe_tool"),
  },
  // Run a command.
  run: {
    rest: (id) => `POST /api/v1/commands/${id}`,
    cli: (id) => `\`salestouch commands run ${id}\``,
    mcp: (id) => commandToolName(id),
  },
  // A command by its name on the surface: the id, or the tool.
  id: {
    rest: (id) => id,
    cli: (id) => id,
    mcp: (id) => commandToolName(id),
  },
  // Every command.
  commands: {
    rest: () => "GET /api/v1/commands",
    cli: () => "`salestouch commands list`",
    mcp: () => "tools/list",
  },
  // Collect the outcome of a held call.
  "approval-arg": {
    rest: () => "approval_request_id (next to input in the body)",
    cli: () => "--approval",
    mcp: () => '"_approval_request_id"',
  },
  // Replay the first result of a retried call.
  "idempotency-arg": {
    rest: () => "the Idempotency-Key header",
    cli: () => "--idempotency-key",
    mcp: () => '"_idempotency_key"',
  },
  // The field at fault in an input.
  field: {
    rest: (name) => `input.${name}`,
    cli: (name) => `--${name.replace(/_/g, "-")}`,
    mcp: (name) => `"${name}"`,
  },
};

const TOKEN = /\{\{([a-z-]+)(?: ([^}]*))?\}\}/g;

/** The hint as `surface` words it; unknown tokens are a programming error and stay visible in tests. */
export function renderHint(hint: Hint, surface: Surface): string {
  const template = typeof hint === "string" ? hint : (hint[surface] ?? hint.rest);
  return template.replace(TOKEN, (whole, name: string, arg: string | undefined) => {
    const means = MEANS[name];
    return means ? means[surface](arg ?? "") : whole;
  });
}

/** Whether `text` still holds a token: a hint that was not rendered. */
export function hasToken(text: string): boolean {
  return /\{\{[a-z-]+( [^}]*)?\}\}/.test(text);
}

export { SURFACE_HEADER };

export function surfaceOf(value: unknown): Surface {
  return value === "cli" || value === "mcp" ? value : "rest";
}
