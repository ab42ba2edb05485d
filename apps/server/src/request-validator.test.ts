import { loadOpenApiDocument } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { validatorDocument } from "./request-validator.js";

type Json = Record<string, unknown>;

function refs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, into);
  else if (value !== null && typeof value === "object")
    for (const [key, member] of Object.entries(value)) {
      if (key === "$ref" && typeof member === "string") into.push(member);
      else refs(member, into);
    }
  return into;
}

const resolve = (doc: Json, ref: string): unknown =>
  ref
    .slice(2)
    .split("/")
    .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], doc);

describe("the request validator's document (docs/decisions/0012)", () => {
  const full = structuredClone(loadOpenApiDocument()) as Json;
  const trimmed = validatorDocument(structuredClone(full));

  it("keeps every route Express serves, with its parameters and request body, and none the command endpoint serves", () => {
    const fullPaths = full["paths"] as Record<string, Json>;
    const paths = trimmed["paths"] as Record<string, Json>;
    const commandPaths = Object.keys(fullPaths).filter((p) => /^\/api\/v1\/commands\/[^/{]+$/.test(p));
    expect(commandPaths.length).toBeGreaterThan(10);
    expect(Object.keys(paths).sort()).toEqual(
      Object.keys(fullPaths)
        .filter((p) => !commandPaths.includes(p))
        .sort(),
    );
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === "parameters") {
          expect(operation).toEqual(fullPaths[path]![method]);
          continue;
        }
        const { responses: _dropped, ...request } = operation as Json;
        const { responses: _full, ...fullRequest } = fullPaths[path]![method] as Json;
        expect(request, `${method} ${path}`).toEqual(fullRequest);
      }
    }
  });

  it("resolves every reference it holds, and is a fraction of the whole document", () => {
    for (const ref of refs(trimmed)) expect(resolve(trimmed, ref), ref).toBeDefined();
    expect(JSON.stringify(trimmed).length).toBeLessThan(JSON.stringify(full).length / 4);
  });
});
