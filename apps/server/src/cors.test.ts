import express from "express";
import { describe, expect, it } from "vitest";
import { cors } from "./cors.js";

async function serve(origins: string[]) {
  const app = express();
  app.use(cors(origins));
  app.get("/x", (_req, res) => res.json({ ok: true }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

describe("cors", () => {
  it("sends no CORS headers when no origin is configured", async () => {
    const { url, close } = await serve([]);
    const res = await fetch(`${url}/x`, { headers: { origin: "https://app.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    await close();
  });

  it("allows exactly the configured origins and answers their preflight", async () => {
    const { url, close } = await serve(["https://app.example", "https://b.example"]);
    const ok = await fetch(`${url}/x`, { headers: { origin: "https://app.example" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const other = await fetch(`${url}/x`, { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${url}/x`, {
      method: "OPTIONS",
      headers: { origin: "https://b.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    await close();
  });
});
