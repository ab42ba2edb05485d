// `pnpm spec:diff` and the release gate, case by case: each case edits a temporary copy of spec/
// (or the bundled document, for removals the spec's own checks would refuse), bundles it in-process
// as `pnpm gen` does, and checks the classification and what `pnpm spec:check` says about it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { CHANGELOG, releasedContract, workingContract } from "../scripts/spec/contract.js";
import { diffContracts, frozenViolations, type ContractChange, type JsonObject } from "../scripts/spec/diff.js";
import { checkRelease, nextVersion } from "../scripts/spec/release.js";

const root = join(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "spec-diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = workingContract(root);
let copies = 0;

/** A copy of spec/ with `edit` applied to its files, bundled; `doc` then edits the bundled document. */
function edited(edit: (file: (path: string, change: (json: Obj) => void) => void) => void, doc?: (d: Obj) => void): JsonObject {
  const dir = join(scratch, String(copies++));
  cpSync(join(root, "spec"), join(dir, "spec"), { recursive: true });
  edit((path, change) => {
    const file = join(dir, "spec", path);
    if (path.endsWith(".yaml")) {
      const parsed = parseYaml(readFileSync(file, "utf8")) as Obj;
      change(parsed);
      writeFileSync(file, stringifyYaml(parsed));
    } else {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as Obj;
      change(parsed);
      writeFileSync(file, JSON.stringify(parsed, null, 2));
    }
  });
  const bundled = workingContract(dir) as Obj;
  doc?.(bundled);
  return bundled as JsonObject;
}

const none = (): void => {};
const kinds = (changes: ContractChange[]): string[] => [...new Set(changes.map((c) => c.kind))].sort();
const breaking = (changes: ContractChange[]): ContractChange[] => changes.filter((c) => c.kind === "breaking");

/** Each edit the issue names as breaking, and the command or route the report must name. */
const BREAKING: [string, string, () => JsonObject | [JsonObject, JsonObject]][] = [
  ["a command removed", "command mission.get", () => edited(none, (d) => delete d["paths"]["/api/v1/commands/mission.get"])],
  ["a command renamed", "command mission.get", () => edited(none, (d) => {
    d["paths"]["/api/v1/commands/mission.fetch"] = d["paths"]["/api/v1/commands/mission.get"];
    delete d["paths"]["/api/v1/commands/mission.get"];
  })],
  ["a route removed", "POST /api/v1/approvals/{approval_id}/deny", () => edited((f) => f("openapi.yaml", (y) => delete y["paths"]["/api/v1/approvals/{approval_id}/deny"]))],
  ["an output field removed", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => {
    delete s["properties"]["oneLiner"];
    s["required"] = s["required"].filter((n: string) => n !== "oneLiner");
  }))],
  ["an optional output field removed", "command offer.get", () => {
    // api-smart-diff calls this compatible; readers of the field break all the same.
    const optional = (s: Obj): void => void (s["required"] = s["required"].filter((n: string) => n !== "oneLiner"));
    const before = edited((f) => f("schemas/offer.json", optional));
    const after = edited((f) => f("schemas/offer.json", (s) => {
      optional(s);
      delete s["properties"]["oneLiner"];
    }));
    return [before, after];
  }],
  ["an output field renamed", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => {
    s["properties"]["tagline"] = s["properties"]["oneLiner"];
    delete s["properties"]["oneLiner"];
    s["required"] = s["required"].map((n: string) => (n === "oneLiner" ? "tagline" : n));
  }))],
  ["an output field retyped", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => (s["properties"]["isDraft"] = { type: "string" })))],
  ["an output field made nullable (type array)", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => (s["properties"]["name"] = { type: ["string", "null"] })))],
  ["an output field made nullable (anyOf null)", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => (s["properties"]["name"] = { anyOf: [{ type: "string" }, { type: "null" }] })))],
  ["an output field made optional", "command offer.get", () => edited((f) => f("schemas/offer.json", (s) => (s["required"] = s["required"].filter((n: string) => n !== "name"))))],
  ["an output enum widened", "command linkedin.draft.get", () => edited((f) => f("schemas/draft.json", (s) => s["properties"]["status"]["enum"].push("BOUNCED")))],
  ["an input field added as required", "command offer.create", () => edited((f) => f("commands/offer.create.json", (c) => {
    c["input_schema"]["properties"]["owner"] = { type: "string" };
    c["input_schema"]["required"].push("owner");
  }))],
  ["an input field removed (additionalProperties: false)", "command offer.create", () => edited((f) => f("commands/offer.create.json", (c) => delete c["input_schema"]["properties"]["sales_brief_url"]))],
  ["an input type narrowed", "command mission.list", () => edited((f) => f("commands/mission.list.json", (c) => (c["input_schema"]["properties"]["query"] = { type: "integer" })))],
  ["an input format narrowed", "command mission.list", () => edited((f) => f("commands/mission.list.json", (c) => (c["input_schema"]["properties"]["query"]["format"] = "email")))],
  ["an input maxLength narrowed (shared $ref)", "command offer.create", () => edited((f) => f("schemas/fields.json", (s) => (s["$defs"]["offer_name"]["maxLength"] = 50)))],
  ["an input maximum narrowed", "command mission.list", () => edited((f) => f("schemas/fields.json", (s) => (s["$defs"]["limit"]["maximum"] = 50)))],
  ["an input maxItems narrowed", "command offer.create", () => edited((f) => f("schemas/fields.json", (s) => (s["$defs"]["references"]["maxItems"] = 5)))],
  ["an input enum narrowed", "command mission.list", () => edited((f) => f("commands/mission.list.json", (c) => (c["input_schema"]["properties"]["status"]["enum"] = ["active"])))],
  ["a query enum narrowed on a route", "GET /api/v1/approvals", () => edited((f) => f("openapi.yaml", (y) => (y["paths"]["/api/v1/approvals"]["get"]["parameters"][0]["schema"]["enum"] = ["pending"])))],
  ["risk made stricter", "command offer.get", () => edited((f) => f("commands/offer.get.json", (c) => (c["risk"] = "mutate")))],
  ["default_permission made stricter", "command offer.get", () => edited((f) => f("commands/offer.get.json", (c) => (c["default_permission"] = "ask")))],
  ["an error code removed", "error catalogue", () => edited((f) => f("errors.json", (e) => (e["errors"] = e["errors"].filter((x: Obj) => x["code"] !== "method_not_allowed"))))],
];

/** Each edit the issue names as compatible. */
const COMPATIBLE: [string, () => JsonObject][] = [
  ["an optional input field added", () => edited((f) => f("commands/offer.create.json", (c) => (c["input_schema"]["properties"]["owner"] = { type: "string", maxLength: 100 })))],
  ["an input limit widened", () => edited((f) => f("schemas/fields.json", (s) => (s["$defs"]["offer_name"]["maxLength"] = 500)))],
  ["an output field added", () => edited((f) => f("schemas/offer.json", (s) => (s["properties"]["archivedAt"] = { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] })))],
  ["a command added", () => edited(none, (d) => (d["paths"]["/api/v1/commands/offer.archive"] = d["paths"]["/api/v1/commands/offer.get"]))],
  ["an error code added", () => edited((f) => f("errors.json", (e) => e["errors"].push({ code: "gone", http_status: 410, exit_code: 5, retryable: false, message: "Gone.", hint: "Stop asking." })))],
  ["risk made looser", () => edited((f) => f("commands/import.leads.json", (c) => (c["risk"] = "mutate")))],
];

const ANNOTATIONS: [string, () => JsonObject][] = [
  ["a description and summary changed", () => edited((f) => f("commands/offer.get.json", (c) => {
    c["summary"] = "Read one offer.";
    c["description"] = "Read one offer, with its references.";
    c["input_schema"]["description"] = "Which offer.";
  }))],
  ["an example changed", () => edited((f) => f("schemas/fields.json", (s) => (s["$defs"]["limit"]["examples"] = [10])))],
];

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
    const changed = edited((f) => f("schemas/mission.json", (s) => (s["properties"]["archived_at"] = { type: "string" })));
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
