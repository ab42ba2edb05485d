// The API reference page renders in headless Chromium with every outside request blocked.
import { commandIds } from "@salestouch/contracts";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "./helpers/chromium.js";
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
  it("renders every command offline, with its own stylesheet and no script", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const response = await page.goto(`${server.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("SalesTouch runtime API reference");
    for (const id of commandIds) expect(await page.locator(`section[id="${id}"]`).count()).toBe(1);
    const fontFamily = await page.locator("body").evaluate((el) => getComputedStyle(el).fontFamily);
    expect(fontFamily).toContain("system-ui");
    expect(await page.locator("script").count()).toBe(0);
    expect(outside).toEqual([]);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    await page.close();
  });
});
