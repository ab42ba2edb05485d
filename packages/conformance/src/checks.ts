// The checks, group by group. Each one is named after what it proves; a failure says what was
// expected and what came back.
import { runExample } from "@salestouch/contracts/examples";
import type { Envelope, JsonSchema } from "@salestouch/contracts";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Contract, ContractCommand } from "./contract.js";
import { describeAnswer, isObject, type Target } from "./http.js";
import { fail, firstDifference, skip } from "./outcome.js";

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export interface Options {
  apiKey: string;
  secondApiKey?: string;
  readOnly: boolean;
}

/** `run` may resolve with a note (a string) for the report; it throws Failure or Skip otherwise. */
export type Check = { group: string; name: string; run: () => Promise<unknown> };

function compiler(): (schema: JsonSchema) => (data: unknown) => string | null {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return (schema) => {
    const validate = ajv.compile(schema);
    return (data) => (validate(data) ? null : ajv.errorsText(validate.errors, { dataVar: "output" }));
  };
}

/** POSTs a command and returns its envelope; anything else fails the check that asked. */
async function runCommand(target: Target, key: string, commandId: string, input: unknown): Promise<Envelope> {
  const answer = await target.request(`/api/v1/commands/${commandId}`, { key, body: { input } });
  const body = answer.body;
  if (!isObject(body) || typeof body["ok"] !== "boolean" || !isObject(body["meta"]))
    fail(`POST /api/v1/commands/${commandId} did not answer an envelope: ${describeAnswer(answer)}`);
  if (body["status"] !== answer.status)
    fail(`POST /api/v1/commands/${commandId}: the envelope's status ${String(body["status"])} is not the HTTP status ${answer.status}`);
  return body as unknown as Envelope;
}

const isWrite = (command: ContractCommand): boolean => command.descriptor.risk !== "read";

export function catalogChecks(target: Target, contract: Contract, options: Options): Check[] {
  let listed: Promise<Map<string, Record<string, unknown>>> | undefined;
  const catalog = () =>
    (listed ??= target.request("/api/v1/commands", { key: options.apiKey }).then((answer) => {
      const commands = isObject(answer.body) && isObject(answer.body["data"]) ? answer.body["data"]["commands"] : undefined;
      if (answer.status !== 200 || !Array.isArray(commands))
        fail(`GET /api/v1/commands: expected 200 {"data":{"commands":[…]}}, got ${describeAnswer(answer)}`);
      return new Map(commands.filter(isObject).map((c) => [String(c["command_id"]), c]));
    }));
  const checks: Check[] = [
    {
      group: "catalog",
      name: "lists every command of the spec",
      run: async () => {
        const ids = await catalog();
        const missing = contract.commands.filter((c) => !ids.has(c.id)).map((c) => c.id);
        if (missing.length > 0) fail(`missing from GET /api/v1/commands: ${missing.join(", ")}`);
        const extra = [...ids.keys()].filter((id) => !contract.commands.some((c) => c.id === id));
        return `${contract.commands.length} commands${extra.length > 0 ? `; also lists ${extra.join(", ")} (not in spec ${contract.version})` : ""}`;
      },
    },
  ];
  for (const command of contract.commands) {
    checks.push({
      group: "catalog",
      name: `${command.id} descriptor`,
      run: async () => {
        const listedDescriptor = (await catalog()).get(command.id);
        if (!listedDescriptor) fail("not listed");
        const difference = firstDifference(command.descriptor, listedDescriptor);
        if (difference) fail(`descriptor differs from the spec at ${difference}`);
      },
    });
    checks.push({
      group: "schemas",
      name: `${command.id} schema endpoint`,
      run: async () => {
        const answer = await target.request(`/api/v1/commands/${command.id}/schema`, { key: options.apiKey });
        const described = isObject(answer.body) && isObject(answer.body["data"]) ? answer.body["data"]["command"] : undefined;
        if (answer.status !== 200 || !isObject(described)) fail(`expected 200 {"data":{"command":{…}}}, got ${describeAnswer(answer)}`);
        for (const field of ["input_schema", "output_schema", "approval_output_schema"] as const) {
          const difference = firstDifference(command[field], described[field]);
          if (difference) fail(`${field} differs from the spec at ${difference}`);
        }
        const difference = firstDifference(command.descriptor, Object.fromEntries(Object.entries(described).filter(([k]) => !k.endsWith("_schema"))));
        if (difference) fail(`descriptor differs from the spec at ${difference}`);
      },
    });
  }
  return checks;
}

/** `produced` collects every id the examples' answers hold (for the isolation checks). */
export function exampleChecks(target: Target, contract: Contract, options: Options, trail: Set<string>, produced: Set<string>): Check[] {
  const validatorFor = compiler();
  const checks: Check[] = [];
  for (const command of contract.commands) {
    const validateOutput = validatorFor(command.output_schema);
    const validatePreview = command.approval_output_schema ? validatorFor(command.approval_output_schema) : null;
    const published = contract.published_output_schemas[command.id];
    const validatePublished = published ? validatorFor(published) : null;
    for (const example of command.examples) {
      const writes =
        isWrite(command) || example.setup.some((step) => contract.commands.find((c) => c.id === step.command)?.descriptor.risk !== "read");
      checks.push({
        group: "examples",
        name: `${command.id} example ${example.name}`,
        run: async () => {
          if (writes && options.readOnly) skip("writes (--read-only)");
          const run = async (commandId: string, input: unknown): Promise<Envelope> => {
            if (contract.commands.find((c) => c.id === commandId)?.descriptor.risk !== "read") trail.add(commandId);
            const envelope = await runCommand(target, options.apiKey, commandId, input);
            if (envelope.ok && envelope.status === 200) idsIn(envelope.data, produced);
            if (envelope.ok && envelope.status === 202) {
              if (commandId === command.id && validatePreview) {
                const problem = validatePreview(envelope.data);
                if (problem) fail(`held for approval, and its preview does not match approval_output_schema: ${problem}`);
              }
              skip(
                `${commandId} was held for approval by the deployment's policy (${envelope.meta.approval_request_id}); give the key an allow rule for "${command.descriptor.category}" to check it`,
              );
            }
            return envelope;
          };
          let result: Awaited<ReturnType<typeof runExample>>;
          try {
            result = await runExample(command.id, example, run);
          } catch (error) {
            if (error instanceof Error && error.message.startsWith("setup ")) fail(error.message);
            throw error;
          }
          const { envelope, expected } = result;
          if (expected.ok && !envelope.ok && envelope.error.code === "source_not_configured")
            skip(
              "the deployment has no lead source configured (source_not_configured); configure one (SALESTOUCH_LEAD_SOURCE) to check this example",
            );
          if (envelope.ok !== expected.ok || envelope.status !== expected.status) {
            fail(
              `expected ok=${expected.ok} status ${expected.status}, got ok=${envelope.ok} status ${envelope.status}${envelope.ok ? "" : ` (${envelope.error.code}: ${envelope.error.message})`}`,
            );
          }
          if (!envelope.ok) {
            if (envelope.error.code !== expected.error?.code) fail(`expected error ${expected.error?.code}, got ${envelope.error.code}`);
            return;
          }
          const problem = validateOutput(envelope.data);
          if (problem) fail(`output does not match the output schema: ${problem}`);
          if (validatePublished) {
            const publishedProblem = validatePublished(envelope.data);
            if (publishedProblem) fail(`output does not match the published output schema: ${publishedProblem}`);
          }
        },
      });
    }
  }
  return checks;
}

export function invalidInputChecks(target: Target, contract: Contract, options: Options): Check[] {
  return contract.commands.map((command) => ({
    group: "invalid-input",
    name: `${command.id} rejects invalid input with paths`,
    run: async () => {
      const required = (command.input_schema["required"] ?? []) as string[];
      // A required field left out, or (with none) a field the schema does not allow: either is refused before anything runs.
      const input = required.length > 0 ? {} : { conformance_unknown_field: true };
      const named = required[0] ?? "conformance_unknown_field";
      const envelope = await runCommand(target, options.apiKey, command.id, input);
      if (envelope.ok || envelope.status !== 400 || envelope.error.code !== "invalid_input")
        fail(`expected 400 invalid_input for ${JSON.stringify(input)}, got status ${envelope.status}${envelope.ok ? "" : ` ${envelope.error.code}`}`);
      const details = envelope.error.details ?? [];
      if (details.length === 0 || details.some((d) => typeof d.path !== "string" || typeof d.message !== "string"))
        fail(`error.details must list {path, message} for each problem, got ${JSON.stringify(envelope.error.details)}`);
      if (!details.some((d) => d.path.includes(named) || d.message.includes(named)))
        fail(`no detail names the field "${named}": ${JSON.stringify(details)}`);
    },
  }));
}

export function authChecks(target: Target, contract: Contract): Check[] {
  const command = contract.commands.find((c) => c.descriptor.risk === "read")?.id ?? contract.commands[0]!.id;
  const plain401 = async (path: string, key: string | null, body?: unknown): Promise<void> => {
    const answer = await target.request(path, { key, body });
    const error = isObject(answer.body) ? answer.body["error"] : undefined;
    if (answer.status !== 401 || !isObject(error) || typeof error["message"] !== "string" || error["code"] !== "unauthenticated") {
      fail(`expected 401 {"error":{"message","code":"unauthenticated"}}, got ${describeAnswer(answer)}`);
    }
    if (isObject(answer.body) && ("ok" in answer.body || "meta" in answer.body))
      fail(`a failed authentication answers the plain error body, not an envelope: ${describeAnswer(answer)}`);
  };
  return [
    {
      group: "auth",
      name: "a command without a key answers 401 with the plain error body",
      run: () => plain401(`/api/v1/commands/${command}`, null, { input: {} }),
    },
    {
      group: "auth",
      name: "a command with an unknown key answers 401 with the plain error body",
      run: () => plain401(`/api/v1/commands/${command}`, "st_conformanceUnknownKey0000000000000000", { input: {} }),
    },
    { group: "auth", name: "the catalog without a key answers 401 with the plain error body", run: () => plain401("/api/v1/commands", null) },
  ];
}

const ID = /^[a-z]{3}_[0-9A-Za-z]{6,64}$/;

function idsIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === "string" && ID.test(value)) into.add(value);
  else if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (isObject(value)) for (const v of Object.values(value)) idsIn(v, into);
  return into;
}

/**
 * With a key of a second workspace: every id the first workspace's examples produced is unknown
 * to the second — each read command that takes one `*_id` answers not_found, and no list of the
 * second workspace shows any of them.
 */
export function isolationChecks(target: Target, contract: Contract, options: Options, produced: Set<string>): Check[] {
  const second = options.secondApiKey;
  const reads = contract.commands.filter((c) => c.descriptor.risk === "read");
  const idsOfFirst = async (): Promise<Set<string>> => {
    if (produced.size === 0) fail("the examples (run with the first key, before these checks) produced no ids to look for");
    return produced;
  };
  const gate = (): void => {
    if (!second) skip("needs --second-api-key (a key of another workspace)");
    if (options.readOnly) skip("creates data with the first key (--read-only)");
  };
  const checks: Check[] = [];
  for (const command of reads) {
    const properties = (command.input_schema["properties"] ?? {}) as Record<string, JsonSchema>;
    const required = (command.input_schema["required"] ?? []) as string[];
    const idField = required.length === 1 && required[0]!.endsWith("_id") ? required[0]! : null;
    const prefix = idField ? /^\^([a-z]{3}_)/.exec(String(properties[idField]?.["pattern"] ?? ""))?.[1] : undefined;
    if (idField && prefix) {
      checks.push({
        group: "isolation",
        name: `${command.id} cannot read the other workspace's ${prefix}… ids`,
        run: async () => {
          gate();
          const ids = [...(await idsOfFirst())].filter((id) => id.startsWith(prefix)).slice(0, 3);
          if (ids.length === 0) skip(`the examples produced no ${prefix}… id`);
          for (const id of ids) {
            const envelope = await runCommand(target, second!, command.id, { [idField]: id });
            if (envelope.ok || envelope.error.code !== "not_found")
              fail(`the second workspace's key read ${id} of the first: status ${envelope.status}${envelope.ok ? "" : ` ${envelope.error.code}`}`);
          }
          return `${ids.length} ids answered not_found`;
        },
      });
    } else if (required.length === 0) {
      checks.push({
        group: "isolation",
        name: `${command.id} of the other workspace shows none of its ids`,
        run: async () => {
          gate();
          const ids = await idsOfFirst();
          const envelope = await runCommand(target, second!, command.id, {});
          if (!envelope.ok) fail(`${envelope.error.code}: ${envelope.error.message}`);
          const leaked = [...idsIn(envelope.data, new Set())].filter((id) => ids.has(id));
          if (leaked.length > 0) fail(`the second workspace's key sees ${leaked.slice(0, 5).join(", ")} of the first`);
        },
      });
    }
  }
  return checks;
}
