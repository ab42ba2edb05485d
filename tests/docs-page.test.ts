// The API reference at /docs: the OpenAPI document rendered by the bundled Scalar reference in
// headless Chromium with every outside request blocked; "try it" runs mission.list against this
// server with a key, and an axe-core check finds no serious or critical violation.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "./helpers/chromium.js";
import { seriousViolations, screenshot } from "./helpers/page-checks.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the API reference page", () => {
  it("renders offline and its try-it runs mission.list against this server with the console session", async () => {
    // The spec's mission.list example looks for active missions named like "fintech".
    await server.client.run("mission.create", { name: "Fintech CFOs, seen through try-it" });
    const person = await server.running.local.keys.create({ name: "reader", scopes: ["*", "approvals.decide"] });
    const context = await browser.newContext();
    const page = await context.newPage();
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    expect((await page.request.post(`${server.url}/api/v1/session`, { data: { api_key: person.key } })).status()).toBe(201);
    const response = await page.goto(`${server.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
    await page.getByRole("heading", { name: "SalesTouch runtime API" }).first().waitFor({ timeout: 30_000 });
    expect(await page.locator("text=Developer Tools").count()).toBe(0);
    expect(await page.locator("button", { hasText: "Ask AI" }).count()).toBe(0);

    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    expect(await seriousViolations(page, axe)).toEqual([]);
    await screenshot(page, "api-reference");

    await page.getByRole("button", { name: "Open Group - missions" }).click();
    await page.locator('a[href="#tag/missions/POST/api/v1/commands/mission.list"]').first().click();
    await page.locator("button", { hasText: "Test Request(post /api/v1/commands/mission.list)" }).click();
    const sent = page.waitForRequest((r) => r.method() === "POST" && r.url() === `${server.url}/api/v1/commands/mission.list`);
    await page.locator("button", { hasText: "Send post request to" }).first().click();
    const request = await sent;
    expect(request.headers()["x-csrf-token"]).toBeTruthy();
    expect((await request.response())?.status()).toBe(200);
    await page.locator("[role=dialog]").getByText("Fintech CFOs, seen through try-it").first().waitFor({ timeout: 15_000 });
    await screenshot(page, "api-reference-try-it");
    expect(outside).toEqual([]);
    await context.close();
  }, 120_000);
});
