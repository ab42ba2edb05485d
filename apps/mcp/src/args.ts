// salestouch-mcp's command line: which tools to expose and how to name them.
import { parseArgs } from "node:util";
import type { SchemaMode, ToolSelection } from "@salestouch/mcp";

export const USAGE = `Usage: salestouch-mcp [options]

Serves every SalesTouch command as an MCP tool over stdio (JSON-RPC on stdout, logs on stderr).
Local mode (the default) uses the embedded database; remote mode is used when a base URL is
configured (SALESTOUCH_API_BASE_URL or baseUrl in .salestouch/salestouch.json), with the API key
from SALESTOUCH_API_KEY or the same files.

Options:
  --tools <glob,...>   only these commands; globs over ids or tool names (mission.*, offer_get)
  --category <name>    only commands of this category (missions, offers, ...)
  --read-only          only commands with risk "read"
  --dotted-names       name tools mission.create instead of mission_create (some hosts reject dots)
  --schemas <mode>     concise (default): short descriptions and input schemas, no output schemas,
                       the describe_tool tool serves the rest; full: every schema as the spec has it
  --dynamic            list only list_categories, load_category, call_tool and describe_tool; the
                       model loads a category's tools when it needs them
  --debug              debug logs, and stack traces that name source lines, on stderr
  --version            print the version
  -h, --help           print this help
`;

export type ParsedArgs =
  | { kind: "serve"; tools: ToolSelection; schemas: SchemaMode; dynamic: boolean; debug: boolean }
  | { kind: "help" }
  | { kind: "version" };

/** Throws an Error whose message says what was wrong and what to do. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      tools: { type: "string" },
      category: { type: "string" },
      "read-only": { type: "boolean" },
      "dotted-names": { type: "boolean" },
      schemas: { type: "string" },
      dynamic: { type: "boolean" },
      debug: { type: "boolean" },
      version: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const include = values.tools
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (values.tools !== undefined && include?.length === 0) throw new Error("--tools needs at least one pattern, e.g. --tools 'mission.*'");
  const schemas = values.schemas ?? "concise";
  if (schemas !== "concise" && schemas !== "full") throw new Error(`--schemas must be concise or full, not "${schemas}"`);
  return {
    kind: "serve",
    schemas,
    dynamic: values.dynamic ?? false,
    tools: { names: values["dotted-names"] ? "dotted" : "underscore", include, category: values.category, readOnly: values["read-only"] ?? false },
    debug: values.debug ?? false,
  };
}
