// `salestouch-test-server` (and `salestouch serve --ephemeral`): the throwaway server from a shell,
// for a test suite in any language. Prints the URL and the key (one JSON line with --json), runs
// until SIGINT or SIGTERM, then stops cleanly.
import { parseArgs } from "node:util";
import { startTestServer } from "./test-server.js";

const USAGE = `Options:
  --port <n>          port to listen on (default: a free one)
  --host <address>    default 127.0.0.1
  --seed              run the spec's examples that write, so the workspace has data
  --database <url>    default :memory: (gone when the server stops); a file, sqlite:<path> or postgres://…
  --workspace <name>  workspace of the printed key (default "default")
  --allow-all         let keys run every command at once (a new workspace holds imports and sending for approval)
  --json              print one JSON line {"url","api_key","workspace","seeded"} instead of text
  -h, --help          this help`;

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs the test server from these arguments; resolves with the exit code once it has stopped. */
export async function runTestServerCli(argv: readonly string[], name = "salestouch-test-server", streams: CliStreams = process): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    streams.stderr.write(`${name}: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    streams.stdout.write(
      `Usage: ${name} [options]\nA throwaway SalesTouch server for integration tests: in-memory database, a known API key, a free port.\n\n${USAGE}\n`,
    );
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    streams.stderr.write(`${name}: --port ${values.port} is not a port number (0-65535)\n`);
    return 2;
  }
  let server: Awaited<ReturnType<typeof startTestServer>>;
  try {
    server = await startTestServer({
      port,
      host: values.host,
      seed: values.seed,
      databaseUrl: values.database,
      workspace: values.workspace,
      startingPolicy: values["allow-all"] !== true,
    });
  } catch (error) {
    streams.stderr.write(`${name}: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  if (values.json) {
    streams.stdout.write(
      `${JSON.stringify({ url: server.url, api_key: server.apiKey, workspace: server.workspace, seeded: server.seeded.map((s) => `${s.command_id}/${s.example}`) })}\n`,
    );
  } else {
    streams.stdout.write(
      [
        `SalesTouch test server listening on ${server.url}`,
        `  database:   ${values.database ?? "in memory (gone when it stops)"}`,
        `  API key:    ${server.apiKey}   (workspace "${server.workspace}")`,
        ...(values.seed ? [`  seeded:     ${server.seeded.length} examples of the spec`] : []),
        `  stop:       Ctrl-C or SIGTERM`,
        "",
      ].join("\n"),
    );
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      server.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "boolean" },
      database: { type: "string" },
      workspace: { type: "string" },
      "allow-all": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
