// Builds the bundled OpenAPI document: spec/openapi.yaml plus one concrete path per command.
import type { ApprovalSchemas } from "./approval-schemas.js";
import type { Json } from "./bundle.js";
import { pascalName } from "./names.js";
import type { Spec, SpecCommand, Vocabulary } from "./spec-model.js";

type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

const ERROR_STATUSES = ["400", "404", "409", "410", "413", "415", "429", "500", "501", "502", "503"] as const;

function operationId(commandId: string): string {
  const name = pascalName(commandId);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function commandSchemas(command: SpecCommand): JsonObject {
  const name = pascalName(command.command_id);
  const schemas: JsonObject = {
    [`${name}Input`]: command.input_schema,
    [`${name}Output`]: command.output_schema,
    [`${name}Request`]: {
      type: "object",
      properties: {
        input: ref(`${name}Input`),
        response_profile: ref("ResponseProfile"),
        approval_request_id: {
          type: "string",
          maxLength: 100,
          description:
            "Collect the outcome of this approval request: the stored result once approved, 202 while pending. The input must be the one the request was made for.",
        },
      },
      required: ["input"],
      additionalProperties: false,
    },
    [`${name}Envelope`]: {
      type: "object",
      description: `A successful ${command.command_id} result: the command ran.`,
      properties: {
        ok: { const: true },
        // A literal, so generated types tell a result that ran (200) from one held for approval (202).
        status: { const: 200 },
        data: ref(`${name}Output`),
        error: { type: "null" },
        meta: ref("EnvelopeMeta"),
      },
      required: ["ok", "status", "data", "error", "meta"],
      additionalProperties: false,
    },
  };
  if (command.approval_output_schema !== null) schemas[`${name}ApprovalOutput`] = command.approval_output_schema;
  // 202: held for a person's approval; data is the command's preview, or the generic pending shape.
  schemas[`${name}HeldEnvelope`] = {
    type: "object",
    description: `A ${command.command_id} call held for approval: nothing ran yet.`,
    properties: {
      ok: { const: true },
      status: { const: 202 },
      data: ref(command.approval_output_schema !== null ? `${name}ApprovalOutput` : "ApprovalPending"),
      error: { type: "null" },
      meta: ref("HeldMeta"),
    },
    required: ["ok", "status", "data", "error", "meta"],
    additionalProperties: false,
  };
  return schemas;
}

/**
 * The spec's successful examples as request bodies, so an interactive reference starts "try it"
 * from a call that works. Examples whose input names an id made by their setup (`{{lead.lead_id}}`)
 * are left out: no server holds that id, and the value would not match the id's pattern.
 */
function requestExamples(command: SpecCommand): JsonObject {
  const examples: JsonObject = {};
  for (const example of command.examples.filter((e) => e.expect.ok && !JSON.stringify(e.input).includes("{{"))) {
    examples[example.name] = { summary: example.title, value: { input: example.input, response_profile: "full" } };
  }
  return Object.keys(examples).length > 0 ? { examples } : {};
}

function commandPath(command: SpecCommand): JsonObject {
  const name = pascalName(command.command_id);
  const json = (schema: JsonObject, description: string): JsonObject => ({
    description,
    content: { "application/json": { schema } },
  });
  const responses: JsonObject = {
    "200": json(ref(`${name}Envelope`), "The command ran; `data` is its output."),
    "202": json(ref(`${name}HeldEnvelope`), "Held for a person's approval (meta.approval_request_id); nothing ran yet."),
    "401": { $ref: "#/components/responses/Unauthenticated" },
    // A plain body when the key may not run the command (authorization); an envelope when a person denied the approval (a command result).
    "403": json(
      { anyOf: [ref("PlainError"), ref("ErrorEnvelope")] },
      'Two shapes, told apart by the top-level `ok`. Without `ok`: the plain `{"error": {...}}` body with `error.code` `forbidden` — ' +
        "the API key's scopes or permission rules do not allow this command; an authorization failure, not a command result. " +
        "With `ok: false`: the envelope with `error.code` `approval_denied` — a person denied the held call this request collects " +
        "with `approval_request_id`; the command did not run.",
    ),
  };
  for (const status of ERROR_STATUSES) responses[status] = json(ref("ErrorEnvelope"), "The command did not run; `error.code` says why.");
  return {
    post: {
      operationId: operationId(command.command_id),
      tags: [command.category],
      summary: command.summary,
      description: `${command.description}\n\n**When to use:** ${command.when_to_use}`,
      "x-salestouch-risk": command.risk,
      "x-salestouch-default-permission": command.default_permission,
      // Mutating commands honour Idempotency-Key (docs/approvals.md); reads ignore it.
      ...(command.risk === "read" ? {} : { parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }] }),
      requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Request`), ...requestExamples(command) } } },
      responses,
    },
  };
}

/** Plain answers any authenticated route may give besides its own: the rate limit, a fault, the database down; a body too large (POST). */
const COMMON_RESPONSES: Record<string, string> = { "429": "RateLimited", "500": "ServerError", "503": "Unavailable" };

/** Every Express-served route of spec/openapi.yaml: express-openapi-validator answers a bad parameter or body with 400. */
function addValidationResponses(paths: JsonObject): void {
  for (const [path, item] of Object.entries(paths)) {
    if (path === "/api/mcp") continue; // the MCP transport answers its own 400 (a JSON-RPC parse error)
    if (path.startsWith("/api/v1/uploads")) continue; // streamed ahead of the JSON parser and the validator; it states its own answers
    for (const [method, operation] of Object.entries(item as JsonObject)) {
      if (!["get", "put", "post", "delete", "patch"].includes(method)) continue; // path-level parameters
      const responses = (operation as JsonObject)["responses"] as JsonObject;
      responses["400"] ??= { $ref: "#/components/responses/BadRequest" };
    }
  }
}

function addCommonResponses(paths: JsonObject): void {
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith("/api/")) continue;
    for (const [method, operation] of Object.entries(item as JsonObject)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue; // path-level parameters, summary
      const responses = (operation as JsonObject)["responses"] as JsonObject;
      const common = method === "post" ? { ...COMMON_RESPONSES, "413": "PayloadTooLarge" } : COMMON_RESPONSES;
      for (const [status, name] of Object.entries(common)) responses[status] ??= { $ref: `#/components/responses/${name}` };
    }
  }
}

function descriptorWithSchemas(base: JsonObject): JsonObject {
  const properties = base["properties"] as JsonObject;
  const required = base["required"] as string[];
  return {
    ...base,
    properties: {
      ...properties,
      // JSON Schemas: objects with any keywords.
      input_schema: { type: "object", additionalProperties: true },
      output_schema: { type: "object", additionalProperties: true },
      approval_output_schema: { anyOf: [{ type: "object", additionalProperties: true }, { type: "null" }] },
    },
    required: [...required, "input_schema", "output_schema", "approval_output_schema"],
  };
}

/** The words spec/openapi.yaml leaves to the vocabulary: the descriptor's enums, the category tags, the approval statuses. */
function applyVocabulary(base: JsonObject, vocabulary: Vocabulary): void {
  const descriptor = ((base["components"] as JsonObject)["schemas"] as JsonObject)["Descriptor"] as JsonObject;
  const properties = descriptor["properties"] as JsonObject;
  const words: [string, string[]][] = [
    ["category", vocabulary.categories],
    ["risk", vocabulary.risks],
    ["default_permission", vocabulary.permissions],
    ["visibility", vocabulary.visibilities],
  ];
  for (const [field, values] of words) properties[field] = { type: "string", enum: values };
  const tags = (base["tags"] ?? []) as JsonObject[];
  const named = new Set(tags.map((t) => t["name"]));
  const at = tags.findIndex((t) => t["name"] === "catalog") + 1;
  tags.splice(
    at,
    0,
    ...vocabulary.categories
      .filter((c) => !named.has(c))
      .map((name) => ({ name, description: vocabulary.categoryDescriptions[name] ?? `The ${name} commands.` })),
  );
  base["tags"] = tags;
  const list = (((base["paths"] as JsonObject)["/api/v1/approvals"] as JsonObject)["get"] as JsonObject)["parameters"] as JsonObject[];
  const status = list.find((p) => p["name"] === "status");
  if (status) status["schema"] = { type: "string", enum: vocabulary.approvalStatuses };
}

const header = (name: string): JsonObject => ({ $ref: `#/components/headers/${name}` });

/**
 * The headers the server really sends: the contract version and the request id on every answer,
 * Retry-After with a 429, WWW-Authenticate with a 401. Inline responses get them where they are;
 * shared ones in components.responses.
 */
function addResponseHeaders(doc: JsonObject): void {
  const withHeaders = (response: JsonObject, status: string): void => {
    if (response["$ref"] !== undefined) return;
    const headers: JsonObject = { "SalesTouch-Contract-Version": header("ContractVersion"), "X-Request-Id": header("RequestId") };
    if (status === "429") headers["Retry-After"] = header("RetryAfter");
    if (status === "401") headers["WWW-Authenticate"] = header("WWWAuthenticate");
    response["headers"] = { ...headers, ...((response["headers"] as JsonObject | undefined) ?? {}) };
  };
  const components = doc["components"] as JsonObject;
  const shared = components["responses"] as JsonObject;
  const statusOf: Record<string, string> = { Unauthenticated: "401", RateLimited: "429" };
  for (const [name, response] of Object.entries(shared)) withHeaders(response as JsonObject, statusOf[name] ?? "");
  for (const item of Object.values(doc["paths"] as JsonObject)) {
    // A path item also holds `parameters` and `summary`; only its operations have responses.
    for (const operation of Object.values(item as JsonObject)) {
      const responses = (operation as JsonObject)["responses"] as JsonObject | undefined;
      for (const [status, response] of Object.entries(responses ?? {})) withHeaders(response as JsonObject, status);
    }
  }
}

export function emitOpenapi(spec: Spec, generatedHeader: string, approvals: ApprovalSchemas): JsonObject {
  const base = structuredClone(spec.openapi);
  applyVocabulary(base, spec.vocabulary);
  const components = base["components"] as JsonObject;
  const schemas = components["schemas"] as JsonObject;
  schemas["ApprovalPending"] = approvals.pending;
  schemas["Approval"] = approvals.approval;
  schemas["DescriptorWithSchemas"] = descriptorWithSchemas(schemas["Descriptor"] as JsonObject);
  // A held call's meta always names its approval request.
  schemas["HeldMeta"] = {
    allOf: [
      ref("EnvelopeMeta"),
      // A refinement of EnvelopeMeta, which closes the object: this part admits its other fields.
      {
        type: "object",
        properties: { approval_required: { const: true }, approval_request_id: { type: "string" } },
        required: ["approval_required", "approval_request_id"],
        additionalProperties: true,
      },
    ],
  };
  const paths = base["paths"] as JsonObject;
  addCommonResponses(paths);
  addValidationResponses(paths);
  for (const command of spec.commands) {
    Object.assign(schemas, commandSchemas(command));
    paths[`/api/v1/commands/${command.command_id}`] = commandPath(command);
  }
  addResponseHeaders(base);
  // The error catalogue, by code: the breaking-change check (`pnpm spec:diff`) sees a code removed or its status changed.
  const errors: JsonObject = {};
  for (const entry of spec.errors) errors[entry.code] = { http_status: entry.http_status, retryable: entry.retryable };
  // The text rule every input string follows (spec/schemas/text.json): its pattern is on each one;
  // stated here once for readers, and for `pnpm spec:diff`, which knows the rule when it is added.
  const text = { description: spec.vocabulary.text.description, pattern: spec.vocabulary.text.pattern };
  return { "x-generated": generatedHeader.trim(), ...base, "x-salestouch-errors": errors, "x-salestouch-text": text };
}
