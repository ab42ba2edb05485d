// Every example of every command through the salestouch binary in local mode and in remote mode:
// each must meet its example, and both modes must print the same envelope up to ids and times.
// Setup steps are fixtures, written in-process (runtime on the same file, or the HTTP client), so
// each example costs two CLI processes, not one per step.
import { join } from "node:path";
import { commandIds, errorCatalogue, registry, type CommandDefinition, type Envelope, type ErrorCode } from "@salestouch/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliSandbox, runCommandJson, type CliSandbox } from "./helpers/cli.js";
import { openRuntime } from "@salestouch/host";
import { backgroundProgressOut, resolvePlaceholders, subsetMismatch, type RunCommand } from "./helpers/examples.js";
import { assertSeedShape } from "./helpers/seed.js";
import { EXAMPLE_LEAD_SOURCE } from "./helpers/lead-source-server.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let sandbox: CliSandbox;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer({ env: EXAMPLE_LEAD_SOURCE });
  sandbox = cliSandbox();
});
afterAll(async () => {
  sandbox.remove();
  await server.stop();
});

const ID = /\b[a-z]+_[0-9A-HJKMNP-TV-Z]{26}\b/g;
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/** The envelope with what legitimately differs between two runs (ids, times, hashes of inputs holding ids, cursors) replaced. */
function normalise(value: unknown, key = ""): unknown {
  if (key === "jobs" && Array.isArray(value)) return value.map((job) => normalise(backgroundProgressOut(job)));
  if (typeof value === "string") {
    if (key === "command_hash") return "<hash>";
    if (key === "next_cursor" || key === "cursor") return "<cursor>";
    return value.replace(ID, "<id>").replace(TIMESTAMP, "<time>");
  }
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  return value;
}

/** A runner over the CLI that checks, on every call, that the exit code agrees with the envelope. */
function cliRunner(env: Record<string, string>): RunCommand {
  return async (commandId, input) => {
    const { code, envelope } = await runCommandJson(sandbox, commandId, input, env);
    expect(code, `exit code of ${commandId}`).toBe(expectedExit(envelope));
    return envelope;
  };
}

/** The exit code the catalogue gives this envelope (6 while it waits for approval). */
function expectedExit(envelope: Envelope): number {
  if (envelope.ok) return envelope.meta.approval_required ? 6 : 0;
  return errorCatalogue[envelope.error.code as ErrorCode]?.exit_code ?? 1;
}

type Example = CommandDefinition["examples"][number];

/** The example's setup steps through `run`: the data of each step, by its `as` name. */
async function runSetup(example: Example, run: RunCommand): Promise<Record<string, unknown>> {
  const steps: Record<string, unknown> = {};
  for (const step of example.setup) {
    const result = await run(step.command, resolvePlaceholders(step.input, steps));
    if (!result.ok) throw new Error(`setup ${step.command} failed: ${result.error.code} ${result.error.message}`);
    steps[step.as] = result.data;
  }
  return steps;
}

/** Local mode's fixtures: the runtime in this process, on the database file the CLI then opens. */
async function localFixtures(databaseUrl: string, example: Example): Promise<Record<string, unknown>> {
  if (example.setup.length === 0) return {};
  const local = await openRuntime({ databaseUrl });
  try {
    const principal = await local.keys.localPrincipal();
    return await runSetup(example, (commandId, input) => local.runtime.execute(commandId, input, { principal }));
  } finally {
    await local.close();
  }
}

/** The example's own call through the CLI, after its fixtures: the envelope and what it must match. */
async function runOnCli(
  commandId: string,
  example: Example,
  steps: Record<string, unknown>,
  run: RunCommand,
): Promise<{ envelope: Envelope; expected: Example["expect"] }> {
  const envelope = await run(commandId, resolvePlaceholders(example.input, steps));
  return { envelope, expected: resolvePlaceholders(example.expect, steps) as Example["expect"] };
}

function checkAgainstExample(
  id: string,
  definition: CommandDefinition,
  envelope: Envelope,
  expected: { ok: boolean; status: number; data?: unknown; error?: { code: string } },
): void {
  expect(envelope.ok, JSON.stringify(envelope.error)).toBe(expected.ok);
  expect(envelope.status).toBe(expected.status);
  if (envelope.ok) {
    expect(definition.validateOutput(envelope.data), JSON.stringify(definition.validateOutput.errors)).toBe(true);
    if (id === "mission.create") assertSeedShape(envelope.data);
    expect(subsetMismatch(expected.data, envelope.data)).toBeNull();
  } else {
    expect(envelope.error.code).toBe(expected.error?.code);
  }
}

describe.concurrent.each(commandIds.map((id) => [id, registry[id] as CommandDefinition] as const))(
  "%s examples through the CLI",
  (id, definition) => {
    it.each(definition.examples.map((e) => [e.name, e] as const))("%s gives the same envelope in local and remote mode", async (_name, example) => {
      const n = ++counter;
      // Each example gets a database (local) or a workspace (remote) of its own, so lists do not depend on order.
      const localEnv = { SALESTOUCH_DATABASE_URL: join(sandbox.root, `parity-${n}.db`), ...EXAMPLE_LEAD_SOURCE };
      const { client, key } = await server.clientFor(`cli-parity-${n}`);
      const remoteEnv = { SALESTOUCH_API_BASE_URL: server.url, SALESTOUCH_API_KEY: key };
      const local = await runOnCli(id, example, await localFixtures(localEnv.SALESTOUCH_DATABASE_URL, example), cliRunner(localEnv));
      const remote = await runOnCli(
        id,
        example,
        await runSetup(example, (commandId, input) => client.runAny(commandId, input)),
        cliRunner(remoteEnv),
      );
      checkAgainstExample(id, definition, local.envelope, local.expected);
      checkAgainstExample(id, definition, remote.envelope, remote.expected);
      expect(normalise(local.envelope)).toEqual(normalise(remote.envelope));
    });
  },
);
