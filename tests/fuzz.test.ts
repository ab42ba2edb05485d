// The contract fuzzer: generated valid inputs and mutations of them against every command on the
// real HTTP server, with a fixed seed. Properties: no 5xx ever; a schema-valid input is never
// refused by the schema; an invalid one always is, with a details path; a refused call writes
// nothing; every success matches its output schema.
import { findUnstorableText } from "@salestouch/runtime";
import { commandIds, registry, type CommandDefinition, type Envelope } from "@salestouch/contracts";
import fc from "fast-check";
import { createGeneratorSync } from "json-schema-faker";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutationOf, type Mutation } from "./fuzz/mutations.js";
import { databaseFingerprint } from "./fuzz/snapshot.js";
import { DIALECTS } from "./helpers/postgres.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const SEED = 20261129;
const VALID_CASES = 8;
const MUTATIONS = 20;
/** Fields whose values only the server can make valid (opaque cursors, local file paths, upload ids). */
const SERVER_ISSUED = ["cursor", "csv_path", "upload_id"];

let server: TestServer;
let key = "";
const RESULTS = join(import.meta.dirname, "..", "test-results");
const tally = { valid: 0, invalid: 0, semantic: 0, skipped: 0 };

afterAll(() => {
  process.stderr.write(
    `fuzz: ${tally.valid} valid inputs, ${tally.invalid} invalid inputs, ${tally.semantic} refused by a handler rule, ${tally.skipped} generated inputs skipped (seed ${SEED})\n`,
  );
  // Read by scripts/reliability-report.mjs for docs/reliability.md.
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, "fuzz-tally.json"),
    `${JSON.stringify({ seed: SEED, validCasesPerCommand: VALID_CASES, mutationsPerCommand: MUTATIONS, ...tally })}\n`,
  );
});

async function post(commandId: string, inputJson: string): Promise<{ status: number; envelope: Envelope }> {
  const res = await server.fetch(`/api/v1/commands/${commandId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: `{"input":${inputJson}}`,
  });
  return { status: res.status, envelope: (await res.json()) as Envelope };
}

function validInputs(definition: CommandDefinition): Record<string, unknown>[] {
  const generator = createGeneratorSync({ seed: SEED, optionalsProbability: 0.6, maxItems: 3, maxLength: 60 });
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < VALID_CASES * 3 && out.length < VALID_CASES; i++) {
    const input = generator.generate(definition.inputSchema as never) as Record<string, unknown>;
    for (const field of SERVER_ISSUED) delete input[field];
    if (definition.validateInput(structuredClone(input))) out.push(input);
    else tally.skipped++;
  }
  return out;
}

function expectSchemaAccepted(id: string, envelope: Envelope, status: number): void {
  expect(status, JSON.stringify(envelope)).toBeLessThan(500);
  if (envelope.ok) {
    const definition = registry[id as keyof typeof registry] as CommandDefinition;
    if (!envelope.meta.approval_required) expect(definition.validateOutput(envelope.data)).toBe(true);
    return;
  }
  if (envelope.error.code === "invalid_input") {
    // A handler rule may still refuse a schema-valid input, but only on a field the schema cannot judge.
    tally.semantic++;
    expect(
      envelope.error.details?.every(
        (d) =>
          SERVER_ISSUED.some((f) => d.path.startsWith(`/${f}`)) ||
          d.path.includes("/leads/") ||
          d.path.startsWith("/csv") ||
          // A scoring pattern's syntax, the offers and imports a pattern or size rule names (which must exist), a
          // size rule's range, and a profile whose weights would give every lead the same score.
          d.path.startsWith("/patterns/") ||
          d.path.startsWith("/company_size/") ||
          d.path === "/weights" ||
          // The search commands' schemas state shapes; which URLs are LinkedIn people searches, which filter
          // types exist with which codes (the codes depend on the type), and that a search takes search_url or
          // keywords but not both, the handler says (docs/lead-sources.md).
          d.path === "/search_url" ||
          d.path === "/keywords" ||
          d.path.startsWith("/filters/"),
      ),
      JSON.stringify(envelope.error),
    ).toBe(true);
  }
}

describe.each(DIALECTS)("on %s", (dialect) => {
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe.each(commandIds.map((id) => [id, registry[id] as CommandDefinition] as const))("fuzzing %s over HTTP", (id, definition) => {
    it("never fails on schema-valid inputs and answers each with its output schema", async () => {
      key = (await server.clientFor(`fuzz-valid-${dialect}-${id}`)).key;
      for (const input of validInputs(definition)) {
        tally.valid++;
        const { status, envelope } = await post(id, JSON.stringify(input));
        expectSchemaAccepted(id, envelope, status);
      }
    });

    it("refuses mutated inputs with invalid_input and a details path, writing nothing", async () => {
      key = (await server.clientFor(`fuzz-invalid-${dialect}-${id}`)).key;
      const seedInput = validInputs(definition)[0] ?? {};
      const required = (definition.inputSchema["required"] ?? []) as string[];
      const mutations: Mutation[] = fc.sample(mutationOf(seedInput as never, required), { seed: SEED, numRuns: MUTATIONS });
      const before = await databaseFingerprint(server.databaseUrl);
      const acceptedByValidator: Mutation[] = [];
      for (const mutation of mutations) {
        // Text rule of the contract (runtime text.ts): NUL and unpaired surrogates are refused too.
        if (definition.validateInput(JSON.parse(mutation.inputJson)) && findUnstorableText(JSON.parse(mutation.inputJson)) === null) {
          acceptedByValidator.push(mutation); // e.g. a unicode edge that is still a valid string
          continue;
        }
        tally.invalid++;
        const { status, envelope } = await post(id, mutation.inputJson);
        expect(status, `${mutation.kind}: ${JSON.stringify(envelope)}`).toBe(400);
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) {
          expect(envelope.error.code, mutation.kind).toBe("invalid_input");
          expect(envelope.error.details?.[0]?.path, mutation.kind).toEqual(expect.any(String));
        }
      }
      expect(await databaseFingerprint(server.databaseUrl)).toEqual(before);
      for (const mutation of acceptedByValidator) {
        tally.valid++;
        const { status, envelope } = await post(id, mutation.inputJson);
        expectSchemaAccepted(id, envelope, status);
      }
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    });
  });
});
