// express-openapi-validator on every Express-served route: path parameters, query and body are
// checked against the bundled OpenAPI document before a route runs, in every environment. Its
// findings reach the error handler, which answers 400 malformed_request with one detail per
// value (a JSON pointer into the request). The command endpoint is not an Express route: the
// runtime's generated validators check command input there (docs/decisions/0001). Responses are
// checked by response-contract.ts on both paths (docs/decisions/0013).
import { loadOpenApiDocument } from "@salestouch/contracts";
import type { RequestHandler } from "express";
import * as OpenApiValidator from "express-openapi-validator";

export function requestValidator(): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The bundled document: local $refs only, no $id, so the validator resolves nothing on disk.
    apiSpec: structuredClone(loadOpenApiDocument()) as never,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
    validateResponses: false,
    // Authentication is the API-key middleware's (401 before any 400).
    validateSecurity: false,
    // /openapi.json, /docs and /metrics are not API routes; unknown paths reach route_not_found.
    ignoreUndocumented: true,
    validateApiSpec: false,
  }) as unknown as RequestHandler[];
}
