// Classifies every difference between two bundled OpenAPI documents as breaking, compatible or an
// annotation, per command and per HTTP route. api-smart-diff does the schema-level work; the few
// rules it lacks (see docs/decisions/0009-contract-versioning.md) are written here, each small.
import { isDeepStrictEqual } from "node:util";
import { apiCompare, type Diff } from "api-smart-diff";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type ChangeKind = "breaking" | "compatible" | "annotation";

export interface ContractChange {
  kind: ChangeKind;
  /** `command mission.get`, `GET /api/v1/approvals`, or `document`. */
  scope: string;
  /** JSON pointer into the bundled document with every `$ref` resolved. */
  pointer: string;
  /** What changed, in words. */
  change: string;
  before?: Json | undefined;
  after?: Json | undefined;
  /** Why a consumer built against the old contract breaks (breaking changes only). */
  why?: string | undefined;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const COMMAND_PATH = /^\/api\/v1\/commands\/([a-z][a-z_]*(?:\.[a-z][a-z_]*)+)$/;
const RISK_ORDER = ["read", "mutate", "approval"];
const PERMISSION_ORDER = ["allow", "ask", "deny"];

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value);

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

function at(root: Json | undefined, path: readonly (string | number)[]): Json | undefined {
  let node: Json | undefined = root;
  for (const part of path) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[String(part)];
    else return undefined;
  }
  return node;
}

/** Replaces every local `$ref` (`#/…`) with its target, so two documents compare by what they mean. */
function resolveRefs(doc: JsonObject): JsonObject {
  const done = new Map<string, Json>();
  const walk = (node: Json, stack: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, stack));
    if (!isObject(node)) return node;
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith("#/")) {
      if (stack.includes(ref)) return node; // a cycle stays a reference
      const cached = done.get(ref);
      if (cached !== undefined) return cached;
      const target = at(
        doc,
        ref
          .slice(2)
          .split("/")
          .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~")),
      );
      if (target === undefined) throw new Error(`$ref ${ref} points nowhere`);
      const resolved = walk(target, [...stack, ref]);
      done.set(ref, resolved);
      return resolved;
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, stack);
    return out;
  };
  return walk(doc, []) as JsonObject;
}

/** Drops `x-` extensions: the rules below read the ones that carry meaning. */
function withoutExtensions(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutExtensions);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (!key.startsWith("x-")) out[key] = withoutExtensions(value);
  return out;
}

function scopeOf(path: readonly (string | number)[]): string {
  if (path[0] !== "paths" || typeof path[1] !== "string") return "document";
  const command = COMMAND_PATH.exec(path[1])?.[1];
  if (command !== undefined) return `command ${command}`;
  const method = typeof path[2] === "string" && (METHODS as readonly string[]).includes(path[2]) ? path[2].toUpperCase() : "*";
  return `${method} ${path[1]}`;
}

/** Where a schema-level diff sits: in what a client sends, or in what it reads back. */
function sideOf(path: readonly (string | number)[]): "request" | "response" | "other" {
  if (path.includes("responses")) return "response";
  if (path.includes("requestBody") || path.includes("parameters")) return "request";
  return "other";
}

function typeSet(value: Json | undefined): Set<string> {
  if (typeof value === "string") return new Set([value]);
  if (Array.isArray(value)) return new Set(value.filter((item): item is string => typeof item === "string"));
  return new Set();
}

const WHY = {
  operationRemoved: "clients calling it get 404 route_not_found",
  responseFieldGone: "clients reading this field find it missing",
  responseOptional: "clients reading this field may find it missing",
  responseWidened: "old clients meet a value they do not expect",
  responseNullable: "old clients meet null where they expect a value",
  requestRequired: "old clients do not send it and are refused with 400",
  requestNarrowed: "values old clients send are now refused with 400",
  requestFieldGone: "old clients that still send it are refused (additionalProperties: false)",
  stricter: "calls that ran for old clients are now held for approval or refused",
  errorRemoved: "clients handling this error code never see it again, or see another code for the same failure",
};

/** api-smart-diff's reason for a breaking schema change, in our words where we can tell. */
function whyBreaking(diff: Diff): string {
  const side = sideOf(diff.path);
  const last = String(diff.path[diff.path.length - 1]);
  const parent = String(diff.path[diff.path.length - 2]);
  if (diff.path.length === 3 && diff.action === "remove") return WHY.operationRemoved;
  if (side === "response") {
    if (parent === "properties" && diff.action === "remove") return WHY.responseFieldGone;
    if (parent === "required" && diff.action === "remove") return WHY.responseOptional;
    if (diff.path.includes("anyOf") && isObject(diff.after) && diff.after["type"] === "null") return WHY.responseNullable;
    return WHY.responseWidened;
  }
  if (side === "request") {
    if (parent === "required" && diff.action === "add") return WHY.requestRequired;
    if (last === "required" && diff.action === "replace") return WHY.requestRequired;
    return WHY.requestNarrowed;
  }
  return diff.description ?? "a consumer built against the old contract may fail";
}

/**
 * Our rules where api-smart-diff's classification is wrong for us:
 *  - a response type that gains a type (e.g. `type: [string, "null"]`) is breaking — it says compatible;
 *  - a response property removed is breaking even when it was optional — it says compatible;
 *  - a request property removed from an object with `additionalProperties: false` is breaking;
 *  - a response `type` replaced by a `const` or `enum` of that type narrows, so it is compatible — it says breaking;
 *  - `additionalProperties: true` added or removed changes nothing (it is the default); `false` added to a
 *    response narrows it (compatible) — it says breaking for both;
 *  - tags are documentation — it leaves their changes unclassified;
 *  - a parameter's `allowReserved: true` added accepts more (compatible), removed refuses what was accepted (breaking).
 *  - a security scheme added is one more way to authenticate, the others unchanged — it cannot tell.
 *  - `contentMediaType` is an annotation (it says what a string holds and validates nothing) — it says breaking;
 *  - the contract's text rule (`x-salestouch-text`: no NUL, no unpaired surrogate) added to a request string
 *    (as its pattern, beside its own pattern, or as an open object's propertyNames) is compatible: the runtime
 *    has refused that text in every input since contract 1.2.0, and before it was never stored as sent (500 on
 *    PostgreSQL, U+FFFD on SQLite), so no request that ever worked is refused — it says breaking.
 */
function override(diff: Diff, before: JsonObject, after: JsonObject): { kind: ChangeKind; why: string } | undefined {
  if (diff.path[diff.path.length - 1] === "contentMediaType") return { kind: "annotation", why: "" };
  if (sideOf(diff.path) === "request" && addsTextRule(diff, textPatternOf(after))) return { kind: "compatible", why: "" };
  if (diff.path[0] === "components" && diff.path[1] === "securitySchemes" && diff.path.length === 3 && diff.action === "add")
    return { kind: "compatible", why: "" };
  const side = sideOf(diff.path);
  const last = diff.path[diff.path.length - 1];
  const parent = diff.path[diff.path.length - 2];
  if (side === "response" && last === "type" && (diff.action === "replace" || diff.action === "add")) {
    const old = typeSet(diff.before);
    const added = [...typeSet(diff.after)].filter((type) => !old.has(type));
    if (added.length > 0 && old.size > 0) return { kind: "breaking", why: added.includes("null") ? WHY.responseNullable : WHY.responseWidened };
  }
  if (side === "response" && parent === "properties" && diff.action === "remove") return { kind: "breaking", why: WHY.responseFieldGone };
  if (diff.path[0] === "tags") return { kind: "annotation", why: "" };
  if (last === "allowReserved" && side === "request") {
    const widened = diff.action === "add" ? diff.after === true : diff.action === "remove" ? diff.before === false : diff.after === true;
    return widened ? { kind: "compatible", why: "" } : { kind: "breaking", why: WHY.requestNarrowed };
  }
  if (last === "additionalProperties" && (diff.action === "add" || diff.action === "remove")) {
    const value = diff.action === "add" ? diff.after : diff.before;
    if (value === true || (isObject(value) && Object.keys(value).length === 0)) return { kind: "annotation", why: "" };
    if (side === "response" && diff.action === "add" && value === false) return { kind: "compatible", why: "" };
  }
  if (side === "response" && last === "type" && diff.action === "remove") {
    const now = at(after, diff.path.slice(0, -1));
    const values = isObject(now) ? (now["const"] !== undefined ? [now["const"]] : Array.isArray(now["enum"]) ? now["enum"] : []) : [];
    if (values.length > 0 && values.every((value) => ofType(value, typeSet(diff.before)))) return { kind: "compatible", why: "" };
  }
  if (side === "request" && parent === "properties" && diff.action === "remove") {
    const owner = at(before, diff.path.slice(0, -2));
    if (isObject(owner) && owner["additionalProperties"] === false) return { kind: "breaking", why: WHY.requestFieldGone };
  }
  return undefined;
}

/** The pattern of the contract's text rule, when the document states one. */
function textPatternOf(doc: JsonObject): string | undefined {
  const text = doc["x-salestouch-text"];
  return isObject(text) && typeof text["pattern"] === "string" ? text["pattern"] : undefined;
}

/** Whether a change only adds the text rule: as a pattern, inside a pattern that keeps the old one, or as propertyNames. */
function addsTextRule(diff: Diff, text: string | undefined): boolean {
  if (text === undefined) return false;
  const last = diff.path[diff.path.length - 1];
  const added = diff.after as Json | undefined;
  if (last === "propertyNames" && diff.action === "add") return isObject(added) && added["pattern"] === text && Object.keys(added).length === 1;
  if (last !== "pattern" || typeof added !== "string" || !added.includes(text)) return false;
  // api-smart-diff merges the patterns that apply together into lookaheads: (?=a)(?=b).
  const rest = added === text ? "" : added.split(`(?=${text})`).join("");
  if (diff.action === "add") return rest === "" || rest === text;
  return diff.action === "replace" && typeof diff.before === "string" && (rest === diff.before || rest === `(?=${diff.before})`);
}

/** Whether a JSON value is of one of the JSON Schema types named. */
function ofType(value: Json, types: ReadonlySet<string>): boolean {
  if (value === null) return types.has("null");
  if (Array.isArray(value)) return types.has("array");
  if (typeof value === "number") return types.has("number") || (types.has("integer") && Number.isInteger(value));
  return types.has(typeof value);
}

function kindOf(diff: Diff): ChangeKind {
  if (diff.type === "breaking") return "breaking";
  if (diff.type === "non-breaking" || diff.type === "deprecated") return "compatible";
  if (diff.type === "annotation") return "annotation";
  // "unclassified": api-smart-diff could not tell; treat it as breaking so a person looks.
  return "breaking";
}

function stricter(order: readonly string[], before: Json | undefined, after: Json | undefined): boolean | undefined {
  const a = order.indexOf(String(before));
  const b = order.indexOf(String(after));
  if (a < 0 || b < 0 || a === b) return undefined;
  return b > a;
}

/** Command-level facts the bundled document carries as extensions: risk, default permission. */
function operationFacts(before: JsonObject, after: JsonObject, out: ContractChange[]): void {
  const beforePaths = (before["paths"] ?? {}) as JsonObject;
  const afterPaths = (after["paths"] ?? {}) as JsonObject;
  for (const [path, item] of Object.entries(afterPaths)) {
    const old = beforePaths[path];
    if (!isObject(old) || !isObject(item)) continue;
    for (const method of METHODS) {
      const a = old[method];
      const b = item[method];
      if (!isObject(a) || !isObject(b)) continue;
      for (const [key, order, name] of [
        ["x-salestouch-risk", RISK_ORDER, "risk"],
        ["x-salestouch-default-permission", PERMISSION_ORDER, "default_permission"],
      ] as const) {
        if (a[key] === undefined || b[key] === undefined) continue;
        const more = stricter(order, a[key], b[key]);
        if (more === undefined) continue;
        const location = ["paths", path, method, key];
        out.push({
          kind: more ? "breaking" : "compatible",
          scope: scopeOf(location),
          pointer: pointerOf(location),
          change: `${name} made ${more ? "stricter" : "looser"}`,
          before: a[key],
          after: b[key],
          why: more ? WHY.stricter : undefined,
        });
      }
    }
  }
}

/** The error catalogue (`x-salestouch-errors`): a code removed or answered with another status breaks clients. */
function errorCatalogue(before: JsonObject, after: JsonObject, out: ContractChange[]): void {
  const a = before["x-salestouch-errors"];
  const b = after["x-salestouch-errors"];
  if (!isObject(a) || !isObject(b)) return;
  for (const [code, entry] of Object.entries(a)) {
    const pointer = pointerOf(["x-salestouch-errors", code]);
    const now = b[code];
    if (now === undefined) {
      out.push({ kind: "breaking", scope: "error catalogue", pointer, change: `error code ${code} removed`, before: entry, why: WHY.errorRemoved });
    } else if (isObject(entry) && isObject(now) && entry["http_status"] !== now["http_status"]) {
      out.push({
        kind: "breaking",
        scope: "error catalogue",
        pointer,
        change: `error code ${code} answers another HTTP status`,
        before: entry["http_status"],
        after: now["http_status"],
        why: "clients that branch on the status misread the failure",
      });
    } else if (!isDeepStrictEqual(entry, now)) {
      out.push({ kind: "compatible", scope: "error catalogue", pointer, change: `error code ${code} changed`, before: entry, after: now });
    }
  }
  for (const [code, entry] of Object.entries(b)) {
    if (a[code] === undefined)
      out.push({
        kind: "compatible",
        scope: "error catalogue",
        pointer: pointerOf(["x-salestouch-errors", code]),
        change: `error code ${code} added`,
        after: entry,
      });
  }
}

/** The part of a document the schema diff reads: the root fields and only the path items that differ. */
function reduced(doc: JsonObject, keep: ReadonlySet<string>): JsonObject {
  const paths = (doc["paths"] ?? {}) as JsonObject;
  const out: JsonObject = { openapi: doc["openapi"] ?? "3.1.0", info: { title: "contract", version: "0" }, paths: {} };
  for (const key of ["servers", "security", "tags"]) if (doc[key] !== undefined) out[key] = doc[key];
  const components = doc["components"];
  if (isObject(components) && components["securitySchemes"] !== undefined) out["components"] = { securitySchemes: components["securitySchemes"] };
  for (const path of keep) if (paths[path] !== undefined) (out["paths"] as JsonObject)[path] = paths[path]!;
  return withoutExtensions(out) as JsonObject;
}

/**
 * Leaves out of both sides each response, request body and parameter list that did not change, so
 * api-smart-diff walks only what did (a schema shared by many commands changes several paths at once).
 */
function pruneUnchanged(a: JsonObject, b: JsonObject): void {
  const pathsA = a["paths"] as JsonObject;
  const pathsB = b["paths"] as JsonObject;
  for (const [path, itemA] of Object.entries(pathsA)) {
    const itemB = pathsB[path];
    if (!isObject(itemA) || !isObject(itemB)) continue;
    for (const method of METHODS) {
      const opA = itemA[method];
      const opB = itemB[method];
      if (!isObject(opA) || !isObject(opB)) continue;
      for (const key of ["requestBody", "parameters"]) {
        if (opA[key] !== undefined && isDeepStrictEqual(opA[key], opB[key])) {
          delete opA[key];
          delete opB[key];
        }
      }
      const responsesA = opA["responses"];
      const responsesB = opB["responses"];
      if (!isObject(responsesA) || !isObject(responsesB)) continue;
      for (const status of Object.keys(responsesA)) {
        if (isDeepStrictEqual(responsesA[status], responsesB[status])) {
          delete responsesA[status];
          delete responsesB[status];
        }
      }
    }
  }
}

/** Every change from `before` to `after` (both bundled OpenAPI documents), classified. */
export function diffContracts(beforeDoc: JsonObject, afterDoc: JsonObject): ContractChange[] {
  const before = resolveRefs(beforeDoc);
  const after = resolveRefs(afterDoc);
  const beforePaths = (before["paths"] ?? {}) as JsonObject;
  const afterPaths = (after["paths"] ?? {}) as JsonObject;
  // Comparing only the path items that differ keeps a run well under a second on the whole document.
  const changed = new Set<string>();
  for (const path of new Set([...Object.keys(beforePaths), ...Object.keys(afterPaths)])) {
    if (!isDeepStrictEqual(beforePaths[path], afterPaths[path])) changed.add(path);
  }
  const a = reduced(before, changed);
  const b = reduced(after, changed);
  pruneUnchanged(a, b);
  const changes: ContractChange[] = [];
  if (!isDeepStrictEqual(a, b)) {
    for (const diff of apiCompare(a, b).diffs) {
      const ruled = override(diff, before, after);
      const kind = ruled?.kind ?? kindOf(diff);
      changes.push({
        kind,
        scope: scopeOf(diff.path),
        pointer: pointerOf(diff.path),
        change: (diff.description ?? `${diff.action} ${pointerOf(diff.path)}`).replace(/^\[(\w+)\] /, (_, verb: string) => `${verb.toLowerCase()} `),
        before: diff.before as Json | undefined,
        after: diff.after as Json | undefined,
        why: kind === "breaking" ? ruled?.why || whyBreaking(diff) : undefined,
      });
    }
  }
  operationFacts(before, after, changes);
  errorCatalogue(before, after, changes);
  return changes;
}

/** Schemas that never change, whatever the version: the published mission.create output is the seed's contract. */
export const FROZEN = [{ name: "mission.create output", pointer: ["components", "schemas", "MissionCreateOutput"] }] as const;

export function frozenViolations(before: JsonObject, after: JsonObject): ContractChange[] {
  const out: ContractChange[] = [];
  for (const frozen of FROZEN) {
    const a = at(before, frozen.pointer);
    const b = at(after, frozen.pointer);
    if (a !== undefined && !isDeepStrictEqual(a, b)) {
      out.push({
        kind: "breaking",
        scope: "command mission.create",
        pointer: pointerOf(frozen.pointer),
        change: `the published ${frozen.name} schema changed`,
        why: "it is the seed's published contract: no version may change it",
      });
    }
  }
  return out;
}
