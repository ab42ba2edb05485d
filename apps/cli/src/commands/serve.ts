// `salestouch serve --ephemeral`: a throwaway server for another service's integration tests — an
// in-memory database, a printed key, a free port (docs/consumers.md). It is @salestouch/testing's
// server, loaded only when this verb runs (the CLI's own bundle leaves it out).
import { createRequire } from "node:module";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { writeFailure } from "../output.js";
import { isDebug, type VerbContext } from "./context.js";

type Testing = typeof import("@salestouch/testing");

export function registerServe(program: Command, ctx: VerbContext): void {
  program
    .command("serve")
    .summary("run a throwaway server for tests (--ephemeral)")
    .description(
      "Run a throwaway SalesTouch server for integration tests: an in-memory database (unless --database), a printed API key, a free port (unless --port). Stops on Ctrl-C or SIGTERM. The lasting server is `npm start`.",
    )
    .option("--ephemeral", "required: nothing it holds outlives it")
    .option("--port <n>", "port to listen on (default: a free one)")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--seed", "run the spec's examples that write, so the workspace has data")
    .option("--database <url>", "a file, sqlite:<path> or postgres://… instead of memory")
    .option("--workspace <name>", "workspace of the printed key", "default")
    .option("--allow-all", "let keys run every command at once (a new workspace holds imports and sending for approval)")
    .option("--json", "print one JSON line {url, api_key, workspace, seeded}")
    .action(
      async (
        options: {
          ephemeral?: boolean;
          port?: string;
          host: string;
          seed?: boolean;
          database?: string;
          workspace: string;
          allowAll?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (!options.ephemeral) {
          const error = new CliError("invalid_input", "salestouch serve runs only a throwaway server, and needs --ephemeral", {
            hint: "Run `salestouch serve --ephemeral` for tests; the lasting server is `npm start` (or salestouch-server).",
          });
          ctx.setExitCode(writeFailure(error, { io: ctx.io, json: options.json === true, debug: isDebug(command) }));
          return;
        }
        const testing = createRequire(import.meta.url)("@salestouch/testing") as Testing;
        const argv = ["--host", options.host, "--workspace", options.workspace];
        if (options.port !== undefined) argv.push("--port", options.port);
        if (options.database !== undefined) argv.push("--database", options.database);
        if (options.seed) argv.push("--seed");
        if (options.allowAll) argv.push("--allow-all");
        if (options.json) argv.push("--json");
        ctx.setExitCode(await testing.runTestServerCli(argv, "salestouch serve", ctx.io));
      },
    );
}
