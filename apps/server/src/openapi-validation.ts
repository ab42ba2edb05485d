// express-openapi-validator over the bundled document, checking every response in development
// and tests. Requests are checked where the rules live: the route checks the HTTP wrapper and the
// runtime validates command input on every surface alike (docs/decisions/0001).
import { loadOpenApiDocument } from "@salestouch/contracts";
import * as OpenApiValidator from "express-openapi-validator";
import type { RequestHandler } from "express";

export function responseValidation(): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: loadOpenApiDocument() as never,
    validateRequests: false,
    validateResponses: true,
    validateSecurity: false,
    validateApiSpec: true,
    ignoreUndocumented: true,
    validateFormats: true,
  }) as unknown as RequestHandler[];
}
