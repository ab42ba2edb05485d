// express-openapi-validator in front of every Express-served route: a bad path parameter, query
// or body answers 400 malformed_request in the plain error shape, with one detail per value
// naming it by JSON pointer — before the route runs. Good requests still pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let approver: string;

beforeAll(async () => {
  server = await startTestServer();
  approver = (await server.running.local.keys.create({ name: "approver", workspace: "default", scopes: ["*", "approvals.decide"] })).key;
});
afterAll(async () => {
  await server.stop();
});

interface PlainError {
  error: { code: string; message: string; hint?: string; details?: { path: string; message: string }[] };
}

async function call(path: string, init: { method?: string; body?: string; key?: string } = {}): Promise<{ status: number; body: PlainError }> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.key ?? server.key}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await server.fetch(path, { method: init.method ?? "GET", headers, body: init.body });
  return { status: res.status, body: (await res.json()) as PlainError };
}

/** Each Express route with a value the document forbids, and the JSON pointer the answer must name. */
const BAD: { route: string; path: string; method?: string; body?: string; approver?: boolean; pointer: string }[] = [
  { route: "GET /api/v1/commands", path: "/api/v1/commands?verbose=1", pointer: "/query/verbose" },
  { route: "GET /api/v1/commands/{command_id}/schema (path)", path: `/api/v1/commands/${"x".repeat(101)}/schema`, pointer: "/params/command_id" },
  { route: "GET /api/v1/resources", path: "/api/v1/resources?page=2", pointer: "/query/page" },
  { route: "GET /api/v1/resources/read (missing)", path: "/api/v1/resources/read", pointer: "/query/uri" },
  {
    route: "GET /api/v1/resources/read (twice)",
    path: "/api/v1/resources/read?uri=salestouch://catalog&uri=salestouch://offers",
    pointer: "/query/uri",
  },
  { route: "GET /api/v1/permissions", path: "/api/v1/permissions?all=true", pointer: "/query/all" },
  { route: "GET /api/v1/approvals (status)", path: "/api/v1/approvals?status=maybe", approver: true, pointer: "/query/status" },
  { route: "GET /api/v1/approvals (limit)", path: "/api/v1/approvals?limit=0", approver: true, pointer: "/query/limit" },
  { route: "GET /api/v1/approvals (limit type)", path: "/api/v1/approvals?limit=ten", approver: true, pointer: "/query/limit" },
  {
    route: "GET /api/v1/approvals/{approval_id} (path)",
    path: `/api/v1/approvals/${"a".repeat(101)}`,
    approver: true,
    pointer: "/params/approval_id",
  },
  {
    route: "POST /api/v1/approvals/{approval_id}/approve (body)",
    path: "/api/v1/approvals/apr_x/approve",
    method: "POST",
    body: JSON.stringify({ note: "x".repeat(2001) }),
    approver: true,
    pointer: "/body/note",
  },
  {
    route: "POST /api/v1/approvals/{approval_id}/deny (body)",
    path: "/api/v1/approvals/apr_x/deny",
    method: "POST",
    body: JSON.stringify({ reason: "no" }),
    approver: true,
    pointer: "/body/reason",
  },
  { route: "GET /healthz", path: "/healthz?probe=1", pointer: "/query/probe" },
];

describe("express-openapi-validator on the Express routes", () => {
  it.each(BAD)("$route: 400 malformed_request naming $pointer", async ({ path, method, body, approver: asApprover, pointer }) => {
    const res = await call(path, { method, body, key: asApprover ? approver : undefined });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("malformed_request");
    expect(res.body.error.message).toContain(pointer);
    expect(res.body.error.hint).toContain("/openapi.json");
    expect(res.body.error.details?.map((d) => d.path)).toContain(pointer);
    expect(Object.keys(res.body)).toEqual(["error"]);
  });

  it("reports every bad value at once", async () => {
    const res = await call("/api/v1/approvals?status=maybe&limit=0", { key: approver });
    expect(res.body.error.details?.map((d) => d.path).sort()).toEqual(["/query/limit", "/query/status"]);
  });

  it("checks the key before the request (401 first) and lets good requests through", async () => {
    const res = await server.fetch("/api/v1/approvals?status=maybe");
    expect(res.status).toBe(401);
    expect((await call("/api/v1/approvals?status=pending&limit=5", { key: approver })).status).toBe(200);
    expect((await call("/api/v1/resources/read?uri=salestouch://catalog")).status).toBe(200);
    expect((await call("/api/v1/approvals/apr_missing/deny", { method: "POST", body: JSON.stringify({ note: "fine" }), key: approver })).status).toBe(
      404,
    );
  });

  it("still refuses a cursor this server did not make (a check the document cannot state)", async () => {
    const res = await call("/api/v1/approvals?cursor=abc", { key: approver });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("cursor");
  });
});
