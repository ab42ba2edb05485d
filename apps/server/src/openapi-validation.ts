// express-openapi-validator over the bundled document. The runtime alone validates command input
// (so every surface reports the same invalid_input details); here the document checks the
// request wrapper and content type, and — in development and tests — every response body.
import { loadOpenApiDocument } from "@salestouch/contracts";
import * as OpenApiValidator from "express-openapi-validator";
import type { RequestHandler } from "express";

type Schemas = Record<string, { properties?: Record<string, unknown> }>;

/** The bundled document with each command's `input` left to the runtime. */
export function validatorDocument(): Record<string, unknown> {
  const doc = loadOpenApiDocument();
  const schemas = (doc["components"] as { schemas: Schemas }).schemas;
  for (const [name, schema] of Object.entries(schemas)) {
    if (name.endsWith("Request") && schema.properties && "input" in schema.properties) schema.properties["input"] = {};
  }
  return doc;
}

export function openApiValidation(options: { validateResponses: boolean }): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: validatorDocument() as never,
    validateRequests: { allowUnknownQueryParameters: false },
    validateResponses: options.validateResponses,
    validateSecurity: false,
    validateApiSpec: false,
    ignoreUndocumented: true,
    validateFormats: true,
  }) as unknown as RequestHandler[];
}
