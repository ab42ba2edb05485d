import { describe, expect, it } from "vitest";
import express from "express";
import { rateLimit } from "./rate-limit.js";

async function serve(perMinute: number, clock: { t: number }) {
  const app = express();
  app.use((_req, res, next) => {
    res.locals["keyId"] = "key_1";
    next();
  });
  app.use("/api/v1", rateLimit({ perMinute, now: () => clock.t }));
  app.post("/api/v1/commands/:id", (_req, res) => res.json({ ok: true }));
  app.get("/api/v1/commands", (_req, res) => res.json({ ok: true }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe("rateLimit", () => {
  it("lets a burst through, then answers 429 with Retry-After, then refills", async () => {
    const clock = { t: 0 };
    const { url, close } = await serve(3, clock);
    const post = () => fetch(`${url}/api/v1/commands/mission.list`, { method: "POST" });
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ ok: false, status: 429, error: { code: "rate_limited", retryable: true } });
    const plain = await fetch(`${url}/api/v1/commands`);
    expect(await plain.json()).toMatchObject({ error: { code: "rate_limited" } });
    clock.t += 20_000; // one token a 20 s at 3 a minute
    expect((await post()).status).toBe(200);
    await close();
  });

  it("is off at 0", async () => {
    const clock = { t: 0 };
    const { url, close } = await serve(0, clock);
    for (let i = 0; i < 5; i++) expect((await fetch(`${url}/api/v1/commands`)).status).toBe(200);
    await close();
  });
});
