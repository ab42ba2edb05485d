// The command input: --input-json, --input-file <path> or --input-file - (standard input), parsed
// once here so every failure names its source and where the JSON broke.
import { resolve } from "node:path";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./io.js";
import { locateJsonProblem } from "./json-error.js";

export interface InputOptions {
  inputJson?: string;
  inputFile?: string;
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
};

function parseInputJson(text: string, source: string): unknown {
  if (text.trim() === "") {
    throw new CliError("invalid_input", `${source} is empty; pass one JSON object, e.g. '{}' for a command without required fields`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = locateJsonProblem(text);
    const detail = where ? ` at line ${where.line}, column ${where.column} (${where.problem}): ${where.excerpt}` : `: ${(error as Error).message}`;
    throw new CliError("invalid_input", `${source} is not valid JSON${detail}`, {
      hint: 'Pass one JSON object with double-quoted keys and strings, e.g. --input-json \'{"name": "Q3"}\'.',
    });
  }
}

async function readInputFile(path: string, io: CliIo): Promise<string> {
  if (path === "-") {
    if (io.stdinIsTTY) io.stderr.write("reading the command input from standard input; end it with Ctrl-D\n");
    return io.readStdin();
  }
  try {
    // node:fs/promises loaded here, not at start: most calls never read a file.
    return await process.getBuiltinModule("node:fs/promises").readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = READ_FAILURES[code] ?? (error as Error).message;
    throw new CliError("invalid_input", `cannot read --input-file ${path}: ${reason}`, {
      hint: "Pass a readable JSON file, - to read standard input, or the JSON itself with --input-json.",
    });
  }
}

/** The parsed input; `{}` when neither option is given, so read commands need no flag. */
export async function readCommandInput(options: InputOptions, io: CliIo): Promise<unknown> {
  if (options.inputJson !== undefined && options.inputFile !== undefined) {
    throw new CliError("invalid_input", "both --input-json and --input-file were given; use one of them");
  }
  if (options.inputFile !== undefined) {
    const source = options.inputFile === "-" ? "the input on standard input" : `--input-file ${options.inputFile}`;
    return parseInputJson(await readInputFile(options.inputFile, io), source);
  }
  if (options.inputJson !== undefined) return parseInputJson(options.inputJson, "--input-json");
  return {};
}
