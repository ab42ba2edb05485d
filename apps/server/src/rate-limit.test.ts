import { describe, expect, it } from "vitest";
import express from "express";
import { createRateLimiter, rateLimit } from "./rate-limit.js";

/** One limiter, as the server shares it: a command call admitted directly, other routes through the Express form. */
async function serve(perMinute: number, clock: { t: number }) {
  const limiter = createRateLimiter({ perMinute, now: () => clock.t });
  const app = express();
  app.use((_req, res, next) => {
    res.locals["principal"] = { keyId: "key_1" };
    next();
  });
  app.post("/api/v1/commands/:id", async (req, res) => {
    if (await limiter.admit("key_1", res, String(req.params["id"]))) res.json({ ok: true });
  });
  app.use("/api/v1", rateLimit(limiter));
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
