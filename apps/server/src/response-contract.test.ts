import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "@salestouch/runtime";
import { describe, expect, it } from "vitest";
import { checkResponses } from "./response-contract.js";

async function serve(listener: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(checkResponses(listener, silentLogger));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const reply =
  (status: number, body: unknown): RequestListener =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.end(JSON.stringify(body));
  };

const meta = { approval_required: false, approval_request_id: null, command_hash: "0".repeat(64), warnings: [] };

describe("checkResponses", () => {
  it("lets a response the document allows through untouched", async () => {
    const body = { ok: false, status: 404, data: null, error: { code: "not_found", message: "m", hint: "h", retryable: false, details: [] }, meta };
    const { url, close } = await serve(reply(404, body));
    const res = await fetch(`${url}/api/v1/commands/mission.get`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(body);
    await close();
  });

  it("turns an envelope of the wrong shape into a 500 naming the mismatch", async () => {
    const { url, close } = await serve(reply(200, { ok: true, status: 200, data: { mission: { id: 1 } }, error: null, meta }));
    const res = await fetch(`${url}/api/v1/commands/mission.get`, { method: "POST" });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /200 response to POST \/api\/v1\/commands\/mission\.get does not match the OpenAPI document: \/data\/mission/,
    );
    await close();
  });

  it("refuses a status the operation does not document", async () => {
    const { url, close } = await serve(reply(418, { error: { code: "x", message: "m", hint: "h" } }));
    const res = await fetch(`${url}/api/v1/commands`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/status 418 is not documented/);
    await close();
  });

  it("leaves paths the document does not describe alone", async () => {
    const { url, close } = await serve(reply(404, { anything: true }));
    const res = await fetch(`${url}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ anything: true });
    await close();
  });
});
