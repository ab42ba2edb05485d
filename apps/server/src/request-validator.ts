// express-openapi-validator on every Express-served route: path parameters, query and body are
// checked against the bundled OpenAPI document before a route runs, in every environment. Its
// findings reach the error handler, which answers 400 malformed_request with one detail per
// value (a JSON pointer into the request). The command endpoint is not an Express route: the
// runtime's generated validators check command input there (docs/decisions/0001). Responses are
// checked by response-contract.ts on both paths (docs/decisions/0013).
//
// What it costs (docs/decisions/0012): the validator compiles, on the first request for each
// method, route and Content-Type value, a schema holding the document's paths and components —
// on the event loop's thread. With the whole document (every command's input and output) that was
// 50–150 ms per compile, and any Content-Type a client invented (`text/a`, `text/b`, …, even on an
// unauthenticated GET /healthz) made another compile and another cache entry. So it is given
// only what it checks — the Express routes' operations and the components they refer to, without
// response schemas — and sees one of three Content-Type values.
import { loadOpenApiDocument } from "@salestouch/contracts";
import express, { type RequestHandler } from "express";

type Json = Record<string, unknown>;

/** A path the command endpoint serves (one per command, POST /api/v1/commands/<id>), never Express. */
const COMMAND_PATH = /^\/api\/v1\/commands\/[^/{]+$/;
const OPERATIONS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Every `#/components/<kind>/<name>` the value refers to. */
function refsOf(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) refsOf(item, into);
  else if (value !== null && typeof value === "object") {
    for (const [key, member] of Object.entries(value)) {
      if (key === "$ref" && typeof member === "string" && member.startsWith("#/components/")) into.add(member);
      else refsOf(member, into);
    }
  }
}

/** The document as the validator needs it: Express routes' requests and what they refer to. */
export function validatorDocument(document: Json): Json {
  const paths: Json = {};
  for (const [path, item] of Object.entries(document["paths"] as Record<string, Json>)) {
    if (COMMAND_PATH.test(path)) continue;
    const trimmed: Json = {};
    for (const [key, member] of Object.entries(item)) {
      // Responses are not validated here (response-contract.ts does): one placeholder keeps the operation well formed.
      trimmed[key] = OPERATIONS.has(key) ? { ...(member as Json), responses: { default: { description: "not validated here" } } } : member;
    }
    paths[path] = trimmed;
  }
  const components = document["components"] as Record<string, Record<string, unknown>>;
  const kept: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  refsOf(paths, pending);
  while (pending.size > 0) {
    const ref = pending.values().next().value as string;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [kind, name] = ref.slice("#/components/".length).split("/") as [string, string];
    const target = components[kind]?.[name];
    if (target === undefined) continue;
    kept[kind] = { ...kept[kind], [name]: target };
    refsOf(target, pending);
  }
  return { ...document, paths, components: { ...kept, securitySchemes: components["securitySchemes"] } };
}

type ValidatorModule = typeof import("express-openapi-validator");

/**
 * Loaded and built by the first request that reaches it, not when the app is made. Why: the
 * package's modules (Ajv, multer, a YAML parser, …) and its preparation of the document ran on the
 * event loop during every start and delayed the first command, which never passes through it.
 * The first Express-served request waits for them instead; every request is checked, as before.
 */
export function requestValidator(): RequestHandler {
  const router = express.Router();
  let ready: Promise<void> | undefined;
  return (req, res, next) => {
    ready ??= import("express-openapi-validator").then((validator) => void router.use(validatorMiddleware(validator)));
    ready.then(() => router(req, res, next)).catch(next);
  };
}

function validatorMiddleware(OpenApiValidator: ValidatorModule): RequestHandler[] {
  const validator = OpenApiValidator.middleware({
    // The bundled document: local $refs only, no $id, so the validator resolves nothing on disk.
    apiSpec: validatorDocument(structuredClone(loadOpenApiDocument()) as Json) as never,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
    validateResponses: false,
    // Authentication is the API-key middleware's (401 before any 400).
    validateSecurity: false,
    // /openapi.json, /docs and /metrics are not API routes; unknown paths reach route_not_found.
    ignoreUndocumented: true,
    validateApiSpec: false,
  }) as unknown as RequestHandler[];
  return [boundContentType, ...validator, restoreContentType];
}

const GIVEN_TYPE = Symbol("content-type as sent");

/**
 * The Content-Type the validator sees: application/json for a JSON body (the JSON parser has read
 * it already), application/octet-stream for anything else sent, none when none was sent. The 415
 * it answers for the second is worded by the error handler, not from this value.
 */
const boundContentType: RequestHandler = (req, _res, next) => {
  const given = req.headers["content-type"];
  (req as unknown as Record<symbol, unknown>)[GIVEN_TYPE] = given;
  if (given !== undefined) req.headers["content-type"] = req.is(["application/json", "+json"]) ? "application/json" : "application/octet-stream";
  next();
};

/** The routes after the validator see the Content-Type as it was sent. */
const restoreContentType: RequestHandler = (req, _res, next) => {
  const given = (req as unknown as Record<symbol, unknown>)[GIVEN_TYPE] as string | undefined;
  if (given !== undefined) req.headers["content-type"] = given;
  next();
};
