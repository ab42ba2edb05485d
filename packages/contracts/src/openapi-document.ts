// The bundled OpenAPI document, read from the generated JSON next to this module.
import { readFileSync } from "node:fs";

let cached: Record<string, unknown> | undefined;

/** Returns a fresh copy each call so a caller may adapt it without touching others. */
export function loadOpenApiDocument(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(new URL("./generated/openapi.json", import.meta.url), "utf8")) as Record<string, unknown>;
  return structuredClone(cached);
}
