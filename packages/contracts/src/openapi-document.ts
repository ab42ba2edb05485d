// The bundled OpenAPI document, read from the generated JSON this package exports.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

let cached: Record<string, unknown> | undefined;

/**
 * Returns a fresh copy each call so a caller may adapt it without touching others. Found by package
 * name (the package refers to itself), not beside this module: an app bundled into one file (the
 * server's dist/serve.cjs) has no generated/ folder beside it, but resolves its dependency.
 */
export function loadOpenApiDocument(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(documentPath(), "utf8")) as Record<string, unknown>;
  return structuredClone(cached);
}

/** A bundle packed to leave the repository (the test server) ships its own copy beside itself; anything else resolves this package. */
function documentPath(): string {
  const beside = new URL("./openapi.json", import.meta.url);
  return existsSync(beside) ? fileURLToPath(beside) : createRequire(import.meta.url).resolve("@salestouch/contracts/openapi.json");
}
