// `pnpm spec:diff` and the release gate, case by case: each case edits a temporary copy of spec/
// (or the bundled document, for removals the spec's own checks would refuse), bundles it in-process
// as `pnpm gen` does, and checks the classification and what `pnpm spec:check` says about it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { CHANGELOG, releasedContract, workingContract } from "../scripts/spec/contract.js";
import { type ContractChange, diffContracts, frozenViolations, type JsonObject } from "../scripts/spec/diff.js";
import { checkRelease, nextVersion } from "../scripts/spec/release.js";

const root = join(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "spec-diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Op = (doc: Json) => void;

/** The container and key a JSON pointer names, e.g. `/properties/name` (`~1` is `/`). */
function locate(doc: Json, pointer: string): [Json[] | { [key: string]: Json }, string] {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  const key = parts.pop()!;
  let node = doc;
  for (const part of parts) {
    const next: Json | undefined = Array.isArray(node) ? node[Number(part)] : node !== null && typeof node === "object" ? node[part] : undefined;
    if (next === undefined) throw new Error(`no ${part} in ${pointer}`);
    node = next;
  }
  if (node === null || typeof node !== "object") throw new Error(`${pointer} is not in an object or array`);
  return [node, key];
}
const get = (doc: Json, pointer: string): Json => {
  const [parent, key] = locate(doc, pointer);
  return (Array.isArray(parent) ? parent[Number(key)] : parent[key]) as Json;
};
const set =
  (pointer: string, value: Json): Op =>
  (doc) => {
    const [parent, key] = locate(doc, pointer);
    if (Array.isArray(parent)) parent[Number(key)] = value;
    else parent[key] = value;
  };
const remove =
  (pointer: string): Op =>
  (doc) => {
    const [parent, key] = locate(doc, pointer);
    if (!Array.isArray(parent)) delete parent[key];
  };
/** Array edits: add an item, or take one out. */
const push =
  (pointer: string, item: Json): Op =>
  (doc) =>
    void (get(doc, pointer) as Json[]).push(item);
const pull =
  (pointer: string, item: Json): Op =>
  (doc) =>
    set(
      pointer,
      (get(doc, pointer) as Json[]).filter((x) => JSON.stringify(x) !== JSON.stringify(item)),
    )(doc);
const move =
  (from: string, to: string): Op =>
  (doc) => {
    set(to, get(doc, from))(doc);
    remove(from)(doc);
  };
const command = (id: string): string => `/paths/${`/api/v1/commands/${id}`.replace(/\//g, "~1")}`;

/** A copy of spec/ with `ops` applied to its files (by path under spec/), bundled; `doc` ops then edit the bundled document. */
function edited(files: Record<string, Op[]>, doc: Op[] = []): JsonObject {
  const dir = join(scratch, String(copies++));
  cpSync(join(root, "spec"), join(dir, "spec"), { recursive: true });
  for (const [path, ops] of Object.entries(files)) {
    const file = join(dir, "spec", path);
    const yaml = path.endsWith(".yaml");
    const parsed = (yaml ? parseYaml(readFileSync(file, "utf8")) : JSON.parse(readFileSync(file, "utf8"))) as Json;
    for (const op of ops) op(parsed);
    writeFileSync(file, yaml ? stringifyYaml(parsed) : JSON.stringify(parsed, null, 2));
  }
  const bundled = workingContract(dir);
  for (const op of doc) op(bundled as Json);
  return bundled;
}

const base = workingContract(root);
let copies = 0;
const kinds = (changes: ContractChange[]): string[] => [...new Set(changes.map((c) => c.kind))].sort();
const breaking = (changes: ContractChange[]): ContractChange[] => changes.filter((c) => c.kind === "breaking");

const OFFER = "schemas/offer.json";
const FIELDS = "schemas/fields.json";
const withoutOneLiner = [remove("/properties/oneLiner"), pull("/required", "oneLiner")];

/** Each edit the issue names as breaking, and the command or route the report must name. */
const BREAKING: [string, string, () => JsonObject | [JsonObject, JsonObject]][] = [
  ["a command removed", "command mission.get", () => edited({}, [remove(command("mission.get"))])],
  ["a command renamed", "command mission.get", () => edited({}, [move(command("mission.get"), command("mission.fetch"))])],
  [
    "a route removed",
    "POST /api/v1/approvals/{approval_id}/deny",
    () => edited({ "openapi.yaml": [remove("/paths/~1api~1v1~1approvals~1{approval_id}~1deny")] }),
  ],
  ["an output field removed", "command offer.get", () => edited({ [OFFER]: withoutOneLiner })],
  // api-smart-diff calls this one compatible; readers of the field break all the same.
  [
    "an optional output field removed",
    "command offer.get",
    () => [edited({ [OFFER]: [pull("/required", "oneLiner")] }), edited({ [OFFER]: withoutOneLiner })],
  ],
  [
    "an output field renamed",
    "command offer.get",
    () => edited({ [OFFER]: [move("/properties/oneLiner", "/properties/tagline"), pull("/required", "oneLiner"), push("/required", "tagline")] }),
  ],
  ["an output field retyped", "command offer.get", () => edited({ [OFFER]: [set("/properties/isDraft", { type: "string" })] })],
  [
    "an output field made nullable (type array)",
    "command offer.get",
    () => edited({ [OFFER]: [set("/properties/name", { type: ["string", "null"] })] }),
  ],
  [
    "an output field made nullable (anyOf null)",
    "command offer.get",
    () => edited({ [OFFER]: [set("/properties/name", { anyOf: [{ type: "string" }, { type: "null" }] })] }),
  ],
  ["an output field made optional", "command offer.get", () => edited({ [OFFER]: [pull("/required", "name")] })],
  ["an output enum widened", "command linkedin.draft.get", () => edited({ "schemas/draft.json": [push("/properties/status/enum", "BOUNCED")] })],
  [
    "an input field added as required",
    "command offer.create",
    () =>
      edited({ "commands/offer.create.json": [set("/input_schema/properties/owner", { type: "string" }), push("/input_schema/required", "owner")] }),
  ],
  [
    "an input field removed (additionalProperties: false)",
    "command offer.create",
    () => edited({ "commands/offer.create.json": [remove("/input_schema/properties/sales_brief_url")] }),
  ],
  [
    "an input type narrowed",
    "command mission.list",
    () => edited({ "commands/mission.list.json": [set("/input_schema/properties/query", { type: "integer" })] }),
  ],
  [
    "an input format narrowed",
    "command mission.list",
    () => edited({ "commands/mission.list.json": [set("/input_schema/properties/query/format", "email")] }),
  ],
  ["an input maxLength narrowed (shared $ref)", "command offer.create", () => edited({ [FIELDS]: [set("/$defs/offer_name/maxLength", 50)] })],
  ["an input maximum narrowed", "command mission.list", () => edited({ [FIELDS]: [set("/$defs/limit/maximum", 50)] })],
  ["an input maxItems narrowed", "command offer.create", () => edited({ [FIELDS]: [set("/$defs/references/maxItems", 5)] })],
  [
    "an input enum narrowed",
    "command mission.list",
    () => edited({ "commands/mission.list.json": [set("/input_schema/properties/status/enum", ["active"])] }),
  ],
  [
    "a query enum narrowed on a route",
    "GET /api/v1/approvals",
    // The status filter's values are the approval statuses of spec/schemas/approval.json, filled in by pnpm gen.
    () => edited({ "schemas/approval.json": [set("/properties/status/enum", ["pending"])] }),
  ],
  [
    "a query parameter that refuses reserved characters again",
    "GET /api/v1/resources/read",
    () => edited({ "openapi.yaml": [set("/paths/~1api~1v1~1resources~1read/get/parameters/0/allowReserved", false)] }),
  ],
  // The text rule's own classification (below) must not let other patterns through.
  [
    "an input pattern added (not the text rule)",
    "command mission.list",
    () => edited({ "commands/mission.list.json": [set("/input_schema/properties/query/pattern", "^[a-z]+$")] }),
  ],
  ["risk made stricter", "command offer.get", () => edited({ "commands/offer.get.json": [set("/risk", "mutate")] })],
  ["default_permission made stricter", "command offer.get", () => edited({ "commands/offer.get.json": [set("/default_permission", "ask")] })],
  [
    "an error code removed",
    "error catalogue",
    () =>
      edited({
        "errors.json": [
          (doc) =>
            set(
              "/errors",
              (get(doc, "/errors") as { [key: string]: Json }[]).filter((e) => e["code"] !== "method_not_allowed"),
            )(doc),
        ],
      }),
  ],
];

/** Each edit the issue names as compatible. */
const COMPATIBLE: [string, () => JsonObject][] = [
  [
    "an optional input field added",
    () => edited({ "commands/offer.create.json": [set("/input_schema/properties/owner", { type: "string", maxLength: 100 })] }),
  ],
  ["an input limit widened", () => edited({ [FIELDS]: [set("/$defs/offer_name/maxLength", 500)] })],
  [
    "an output field added",
    () => edited({ [OFFER]: [set("/properties/archivedAt", { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] })] }),
  ],
  ["a command added", () => edited({}, [(doc) => set(command("offer.archive"), get(doc, command("offer.get")))(doc)])],
  [
    "an error code added",
    () =>
      edited({
        "errors.json": [
          push("/errors", {
            code: "gone",
            http_status: 410,
            exit_code: 5,
            retryable: false,
            message: "Gone.",
            hint: "Stop asking.",
            hints: { cli: "Stop asking.", mcp: "Stop asking." },
          }),
        ],
      }),
  ],
  ["an output type narrowed to a const", () => edited({ [OFFER]: [set("/properties/isDraft", { const: false })] })],
  ["risk made looser", () => edited({ "commands/import.leads.json": [set("/risk", "mutate")] })],
  [
    "a security scheme added",
    () => edited({ "openapi.yaml": [set("/components/securitySchemes/sessionCookie", { type: "apiKey", in: "cookie", name: "sid" })] }),
  ],
];

const ANNOTATIONS: [string, () => JsonObject][] = [
  [
    "a description and summary changed",
    () =>
      edited({
        "commands/offer.get.json": [
          set("/summary", "Read one offer."),
          set("/description", "Read one offer, with its references."),
          set("/input_schema/description", "Which offer."),
        ],
      }),
  ],
  [
    "additionalProperties: true left unsaid (the default)",
    () =>
      edited({
        "commands/linkedin.draft.create.json": [
          remove("/input_schema/allOf/0/else/additionalProperties"),
          remove("/input_schema/allOf/0/then/additionalProperties"),
        ],
      }),
  ],
  ["a tag description added", () => edited({ "openapi.yaml": [set("/tags/0/description", "Commands and their schemas.")] })],
  ["an example changed", () => edited({ [FIELDS]: [set("/$defs/limit/examples", [10])] })],
  ["a tag added", () => edited({ "openapi.yaml": [push("/tags", { name: "extras", description: "More." })] })],
  // contentMediaType says what a string holds; it validates nothing (text/csv also lifts the text rule, so not that one here).
  [
    "a contentMediaType added",
    () => edited({ "commands/import.csv.json": [set("/input_schema/properties/csv_path/contentMediaType", "text/plain")] }),
  ],
];

/** `doc` as it was before the text rule was stated in the schemas: every pattern, propertyNames and allOf part of it taken out. */
function withoutTextRule(doc: Json, pattern: string): Json {
  if (Array.isArray(doc)) return doc.map((item) => withoutTextRule(item, pattern));
  if (doc === null || typeof doc !== "object") return doc;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === "pattern" && value === pattern) continue;
    if (key === "propertyNames" && JSON.stringify(value) === JSON.stringify({ pattern })) continue;
    if (key === "allOf" && Array.isArray(value)) {
      const rest = value.filter((part) => JSON.stringify(part) !== JSON.stringify({ pattern }));
      if (rest.length > 0) out[key] = withoutTextRule(rest, pattern);
      continue;
    }
    out[key] = withoutTextRule(value, pattern);
  }
  return out;
}

describe("spec:diff classification", () => {
  it("finds nothing between the real spec and itself, nor between it and the recorded release", () => {
    expect(diffContracts(base, base)).toEqual([]);
    expect(diffContracts(releasedContract(root), base).filter((c) => c.kind !== "annotation")).toEqual([]);
  });

  it.each(BREAKING)("%s is breaking, reported on %s with why", (_name, scope, make) => {
    const made = make();
    const changes = Array.isArray(made) ? diffContracts(made[0], made[1]) : diffContracts(base, made);
    const found = breaking(changes);
    expect(found.map((c) => c.scope)).toContain(scope);
    for (const change of found) expect(change.why, change.change).toMatch(/\w/);
  });

  it.each(COMPATIBLE)("%s is compatible", (_name, make) => {
    const changes = diffContracts(base, make());
    expect(kinds(changes)).toContain("compatible");
    expect(breaking(changes)).toEqual([]);
  });

  it.each(ANNOTATIONS)("%s is an annotation only", (_name, make) => {
    const changes = diffContracts(base, make());
    expect(changes.length).toBeGreaterThan(0);
    expect(kinds(changes)).toEqual(["annotation"]);
  });

  it("classifies the text rule stated on every input string as compatible: the runtime refused that text already", () => {
    const pattern = (base["x-salestouch-text"] as { pattern: string }).pattern;
    const before = withoutTextRule(base, pattern) as JsonObject;
    const changes = diffContracts(before, base);
    expect(changes.filter((c) => c.kind === "compatible").length).toBeGreaterThan(100);
    expect(breaking(changes)).toEqual([]);
    // A pattern of its own kept beside the rule (mission names must hold a non-space) counts the same.
    expect(changes.some((c) => c.before === "\\S" && c.kind === "compatible")).toBe(true);
  });

  it("names the field, old → new and the reason for an output field made nullable", () => {
    const changes = breaking(diffContracts(base, BREAKING.find(([n]) => n === "an output field made nullable (type array)")![2]() as JsonObject));
    const change = changes.find((c) => c.scope === "command offer.get");
    expect(change).toMatchObject({ scope: "command offer.get", before: "string", after: ["string", "null"], why: expect.stringMatching(/null/) });
    expect(change!.change).toContain("data.offer.name");
    expect(change!.pointer).toMatch(/^\/paths\/~1api~1v1~1commands~1offer\.get\/post\/responses\/200\//);
  });
});

describe("the release gate (pnpm spec:check, run by npm test)", () => {
  const withVersion = (doc: JsonObject, version: string): JsonObject => ({ ...doc, info: { ...(doc["info"] as JsonObject), version } });
  const released = withVersion(base, "1.4.2");
  const removedField = BREAKING.find(([n]) => n === "an output field removed")![2]() as JsonObject;
  const addedField = COMPATIBLE.find(([n]) => n === "an output field added")![1]();

  it("passes the real spec against the recorded release and its changelog", () => {
    expect(checkRelease(releasedContract(root), base, readFileSync(join(root, CHANGELOG), "utf8"))).toEqual([]);
  });

  it("fails a breaking change without a major version, naming it and how to release", () => {
    for (const version of ["1.4.2", "1.5.0"]) {
      const problems = checkRelease(released, withVersion(removedField, version)).join("\n");
      expect(problems).toContain("needs a new major version (2.0.0)");
      expect(problems).toContain("command offer.get");
      expect(problems).toContain("removed property `oneLiner`");
      expect(problems).toContain("pnpm spec:release");
    }
    expect(checkRelease(released, withVersion(removedField, "2.0.0"))).toEqual([]);
  });

  it("fails a compatible change without at least a minor version", () => {
    const problems = checkRelease(released, withVersion(addedField, "1.4.3")).join("\n");
    expect(problems).toContain("needs at least a new minor version (1.5.0)");
    expect(problems).toContain("pnpm spec:release");
    expect(checkRelease(released, withVersion(addedField, "1.5.0"))).toEqual([]);
    expect(checkRelease(released, withVersion(addedField, "2.0.0"))).toEqual([]);
  });

  it("lets description changes wait for a release, and refuses a version older than the release", () => {
    expect(checkRelease(released, withVersion(ANNOTATIONS[0]![1](), "1.4.2"))).toEqual([]);
    expect(checkRelease(released, withVersion(base, "1.4.1")).join("\n")).toContain("older than the recorded release 1.4.2");
  });

  it("refuses any change to the published mission.create output, whatever the version", () => {
    const changed = edited({ "schemas/mission.json": [set("/properties/archived_at", { type: "string" })] });
    expect(frozenViolations(base, changed)).toHaveLength(1);
    for (const version of ["1.4.2", "2.0.0"]) {
      expect(checkRelease(released, withVersion(changed, version)).join("\n")).toContain("published mission.create output");
    }
  });

  it("fails when the changelog does not end at the recorded release or repeats a version (a rebase merged two releases)", () => {
    expect(checkRelease(released, released, "# Contract changelog\n\n## 1.4.2 — x\n\n## 1.4.1 — y\n")).toEqual([]);
    expect(checkRelease(released, released, "## 1.4.1 — y\n").join("\n")).toContain("git checkout main -- spec/released spec/CHANGELOG.md");
    expect(checkRelease(released, released, "## 1.4.2 — x\n\n## 1.4.2 — x\n").join("\n")).toContain("1.4.2 recorded twice");
  });

  it("picks the release version the changes need (pnpm spec:release)", () => {
    const changes = (doc: JsonObject): ContractChange[] => diffContracts(base, doc);
    expect(nextVersion("1.4.2", "1.4.2", changes(removedField))).toBe("2.0.0");
    expect(nextVersion("1.4.2", "1.4.2", changes(addedField))).toBe("1.5.0");
    expect(nextVersion("1.4.2", "1.5.0", changes(addedField))).toBe("1.5.0");
    expect(nextVersion("1.4.2", "1.4.2", changes(ANNOTATIONS[0]![1]()))).toBe("1.4.3");
    expect(nextVersion("1.4.2", "1.4.2", [])).toBeUndefined();
  });
});
