// Builds the bundled OpenAPI document: spec/openapi.yaml plus one concrete path per command.
import type { Json } from "./bundle.js";
import { pascalName } from "./names.js";
import type { Spec, SpecCommand } from "./spec-model.js";

type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

const ERROR_STATUSES = ["400", "404", "409", "413", "415", "429", "500", "503"] as const;

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
      properties: { input: ref(`${name}Input`), response_profile: ref("ResponseProfile") },
      required: ["input"],
      additionalProperties: false,
    },
    [`${name}Envelope`]: {
      type: "object",
      description: `A successful ${command.command_id} result.`,
      properties: {
        ok: { const: true },
        status: { type: "integer" },
        data: ref(`${name}Output`),
        error: { type: "null" },
        meta: ref("EnvelopeMeta"),
      },
      required: ["ok", "status", "data", "error", "meta"],
      additionalProperties: false,
    },
  };
  if (command.approval_output_schema !== null) schemas[`${name}ApprovalOutput`] = command.approval_output_schema;
  return schemas;
}

function commandPath(command: SpecCommand): JsonObject {
  const name = pascalName(command.command_id);
  const json = (schema: JsonObject, description: string): JsonObject => ({
    description,
    content: { "application/json": { schema } },
  });
  const responses: JsonObject = {
    "200": json(ref(`${name}Envelope`), "The command ran; `data` is its output."),
    "401": { $ref: "#/components/responses/Unauthenticated" },
    "403": { $ref: "#/components/responses/Forbidden" },
  };
  for (const status of ERROR_STATUSES) responses[status] = json(ref("ErrorEnvelope"), "The command did not run; `error.code` says why.");
  return {
    post: {
      operationId: operationId(command.command_id),
      tags: [command.category],
      summary: command.summary,
      description: `${command.description}\n\n**When to use:** ${command.when_to_use}`,
      "x-salestouch-risk": command.risk,
      requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Request`) } } },
      responses,
    },
  };
}

function descriptorWithSchemas(base: JsonObject): JsonObject {
  const properties = base["properties"] as JsonObject;
  const required = base["required"] as string[];
  return {
    ...base,
    properties: {
      ...properties,
      input_schema: { type: "object" },
      output_schema: { type: "object" },
      approval_output_schema: { anyOf: [{ type: "object" }, { type: "null" }] },
    },
    required: [...required, "input_schema", "output_schema", "approval_output_schema"],
  };
}

export function emitOpenapi(spec: Spec, generatedHeader: string): JsonObject {
  const base = structuredClone(spec.openapi);
  const components = base["components"] as JsonObject;
  const schemas = components["schemas"] as JsonObject;
  schemas["DescriptorWithSchemas"] = descriptorWithSchemas(schemas["Descriptor"] as JsonObject);
  const paths = base["paths"] as JsonObject;
  for (const command of spec.commands) {
    Object.assign(schemas, commandSchemas(command));
    paths[`/api/v1/commands/${command.command_id}`] = commandPath(command);
  }
  return { "x-generated": generatedHeader.trim(), ...base };
}
