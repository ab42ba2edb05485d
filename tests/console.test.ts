// The web console in headless Chromium against a real server on loopback, as a person uses it:
// sign in with a key (keyboard only), an agent's held import appears in the inbox without a reload,
// approving it with a note runs exactly the held call (the agent collects that result; the mission's
// funnel shows the new leads), denying another runs nothing, a draft's variation is approved from the
// drafts page (and one cancelled meanwhile says so), a held LinkedIn send shows its recipient and
// text and sends exactly that text, an approval that expired on screen says so, a cross-origin form
// post and a request without the CSRF token are refused, signing out ends the session on the
// server, a one-time link signs in once, and a server gone away is said in the page. Each page
// passes axe-core (no serious or critical violation) and is written as a screenshot under
// test-results/screenshots/.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { createClient, type SalesTouchClient } from "@salestouch/client";
import type { Envelope } from "@salestouch/contracts";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "./helpers/chromium.js";
import { dataOf, draftSetup, NOTE_B } from "./helpers/drafts.js";
import { seriousViolations, screenshot } from "./helpers/page-checks.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let agent: SalesTouchClient;
let person: SalesTouchClient;
let personKey: string;
let missionId: string;
let workspaceId: string;
const outside: string[] = [];
const pageErrors: string[] = [];
let stopped = false;

const held = (envelope: Envelope): string => {
  expect(envelope.status, JSON.stringify(envelope)).toBe(202);
  return envelope.meta.approval_request_id!;
};
const pending = async () => (await person.approvals.list({ status: "pending" })).approvals.map((a) => a.id);

async function checkPage(name: string): Promise<void> {
  expect(await seriousViolations(page, axe, "#app"), name).toEqual([]);
  await screenshot(page, `console-${name}`);
}

beforeAll(async () => {
  server = await startTestServer();
  const keys = server.running.local.keys;
  // A workspace whose only rule holds the agent's imports for a person; the person's own calls run.
  const agentKey = await keys.create({
    name: "agent",
    workspace: "console",
    permissions: [
      { target: "imports", permission: "ask" },
      { target: "linkedin.draft.approve", permission: "ask" },
    ],
  });
  workspaceId = agentKey.workspace.id;
  await server.running.local.policy.removeStartingRules(agentKey.workspace.id);
  const personCreated = await keys.create({ name: "alice", workspace: "console", scopes: ["*", "approvals.decide"] });
  personKey = personCreated.key;
  agent = createClient({ baseUrl: server.url, apiKey: agentKey.key });
  person = createClient({ baseUrl: server.url, apiKey: personKey });
  missionId = dataOf<{ mission: { id: string } }>(await person.runAny("mission.create", { name: "Nordic CFOs" })).mission.id;

  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // Offline: nothing but this server (and the attacker page of the CSRF case) may be reached.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("http://127.0.0.1:") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (!stopped) await server?.stop();
});

describe("the web console in a browser", () => {
  it("signs a person in with the keyboard alone and keeps the key out of the page", async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByRole("heading", { name: "Sign in to the SalesTouch console" }).waitFor();
    await checkPage("sign-in");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("api-key");
    await page.keyboard.type(personKey);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Approvals inbox" }).waitFor();
    await page.getByText("Signed in as").waitFor();
    const kept = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.documentElement.outerHTML,
    );
    expect(kept).not.toContain(personKey);
    const [cookie] = await context.cookies(server.url);
    expect(cookie).toMatchObject({ name: "st_session", httpOnly: true, sameSite: "Strict" });
    expect(await page.evaluate(() => document.cookie)).toBe("");
  });

  it("shows an agent's held import without a reload; approving it runs exactly that call, which the agent collects", async () => {
    await page.getByText("Nothing is waiting for you").waitFor();
    const input = {
      mission_id: missionId,
      name: "Stockholm fintech list",
      leads: [
        { name: "Greta Lind", email: "greta@example.com", company: "Klarbank" },
        { name: "Olof Berg", email: "olof@example.com", company: "Norrpay" },
        { name: "Sara Holm", email: "sara@example.com", company: "Fjordfin" },
        { name: "Per Nobody", email: "per-at-nowhere" },
      ],
    };
    const id = held(await agent.runAny("import.leads", input));
    const card = page.locator("article", { has: page.getByRole("heading", { name: "import.leads" }) });
    await card.waitFor({ timeout: 10_000 });
    await expect.poll(() => card.textContent()).toContain("Nordic CFOs");
    expect(await card.textContent()).toContain("Olof Berg");
    expect(await card.textContent()).toContain("agent");
    // Each row checked as the import reads it: the bad email is listed before anyone approves.
    expect(await card.locator("dt:text-is('Valid rows') + dd").textContent()).toBe("3");
    expect(await card.locator("dt:text-is('Invalid rows') + dd").textContent()).toBe("1");
    await card.locator("table", { hasText: "Rows the import would leave out" }).getByText("per-at-nowhere").first().waitFor();
    await checkPage("inbox");

    await card.getByLabel("Note (optional, shown to the agent)").fill("Good list, go ahead");
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved import.leads").waitFor();
    await page.getByText("Nothing is waiting for you").waitFor();

    const decided = await person.approvals.get(id);
    expect(decided).toMatchObject({ status: "approved", note: "Good list, go ahead", result: { ok: true } });
    const collected = await agent.runAny("import.leads", input, { approvalRequestId: id });
    expect(collected.status).toBe(200);
    expect(collected.data).toEqual(decided.result!.data);
    const imports = dataOf<{ imports: { name: string; created_count: number }[] }>(await person.runAny("import.list", { mission_id: missionId }));
    expect(imports.imports).toEqual([expect.objectContaining({ name: "Stockholm fintech list", created_count: 3, invalid_count: 1 })]);
    const leads = dataOf<{ leads: { name: string }[] }>(await person.runAny("lead.search", { mission_id: missionId }));
    expect(leads.leads.map((l) => l.name).sort()).toEqual(["Greta Lind", "Olof Berg", "Sara Holm"]);

    await page.goto(`${server.url}/console/#/missions/${missionId}`);
    const funnel = page.locator("figure.funnel");
    await funnel.waitFor();
    expect(await funnel.getAttribute("data-leads")).toBe("3");
    // Qualified leads come from scoring.status.get; this workspace has no scoring profile.
    const qualified = page.locator("p.qualified");
    await qualified.waitFor();
    expect(await qualified.getAttribute("data-total")).toBe("3");
    expect(await qualified.textContent()).toContain("No scoring profile yet");
    await person.runAny("scoring.profile.update", { patterns: [{ pattern: "klarbank", weight: 5 }], threshold: 55 });
    const scored = await vi.waitUntil(
      async () => {
        const status = dataOf<{ mission_leads: { total: number; current: number; qualified: number } }>(
          await person.runAny("scoring.status.get", { mission_id: missionId }),
        );
        return status.mission_leads.current === 3 ? status : undefined;
      },
      { timeout: 10_000, interval: 50 },
    );
    await page.reload();
    await page.locator("p.qualified[data-qualified]").waitFor();
    expect(await page.locator("p.qualified").getAttribute("data-qualified")).toBe(String(scored.mission_leads.qualified));
    expect(await page.locator("p.qualified").textContent()).toContain(`${scored.mission_leads.qualified} of 3 leads qualified (score ≥ 55`);
    await page.getByText("Stockholm fintech list").first().waitFor();
    await page.getByRole("cell", { name: "Olof Berg" }).first().waitFor();
    await page.getByRole("button", { name: "1 invalid: show the rows of Stockholm fintech list" }).click();
    const invalid = page.locator("section.invalid-rows");
    await invalid.getByText("per-at-nowhere").first().waitFor();
    expect(await invalid.textContent()).toContain("Per Nobody");
    await checkPage("mission");

    // The skip link moves focus into the page and keeps the page (the hash is the route).
    await page.reload();
    await page.getByRole("heading", { name: /Nordic CFOs/ }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/missions/${missionId}`);
    await page.getByRole("heading", { name: /Nordic CFOs/ }).waitFor();

    await page.getByRole("link", { name: "Missions", exact: true }).first().click();
    await page.getByRole("link", { name: "Nordic CFOs" }).waitFor();
    await checkPage("missions");
  });

  it("denies another held import with a note: nothing runs, and the history shows both decisions", async () => {
    const input = { mission_id: missionId, name: "Scraped list", leads: [{ name: "Nils Ek", email: "nils@example.com" }] };
    const id = held(await agent.runAny("import.leads", input));
    await page.goto(`${server.url}/console/#/approvals`);
    const card = page.locator("article", { hasText: id });
    await card.waitFor();
    await card.getByLabel("Note (optional, shown to the agent)").fill("Not from scraped sources");
    await card.getByRole("button", { name: "Deny" }).click();
    await page.getByText("Denied import.leads").waitFor();

    const collected = await agent.runAny("import.leads", input, { approvalRequestId: id });
    expect(collected.ok ? "" : collected.error.code).toBe("approval_denied");
    const imports = dataOf<{ imports: unknown[] }>(await person.runAny("import.list", { mission_id: missionId }));
    expect(imports.imports).toHaveLength(1);

    await page.getByRole("link", { name: "History" }).click();
    const history = page.locator("table.history");
    await history.waitFor();
    const rows = await history.locator(":scope > tbody > tr").allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/denied[\s\S]*agent[\s\S]*alice[\s\S]*Not from scraped sources/);
    expect(rows[1]).toMatch(/approved[\s\S]*Good list, go ahead/);
    await checkPage("history");
  });

  it("approves a draft's second variation from the drafts page", async () => {
    const { draftId } = await draftSetup((id, input) => person.runAny(id, input));
    await page.getByRole("link", { name: "Drafts" }).click();
    const card = page.locator("article", { hasText: draftId });
    await card.waitFor();
    await checkPage("drafts");
    await card.getByLabel("Variation 2", { exact: true }).check();
    await card.getByRole("button", { name: "Approve variation 2" }).click();
    await page.getByText("Approved variation 2 of the draft for Ada Lovelace").waitFor();
    const draft = dataOf<{ draft: { status: string; selected_body_text: string } }>(await person.runAny("linkedin.draft.get", { draft_id: draftId }));
    expect(draft.draft).toMatchObject({ status: "READY_TO_SEND", selected_body_text: NOTE_B });
  });

  it("shows a held LinkedIn send with its recipient and the chosen text; approving sends exactly that text", async () => {
    const { draftId } = await draftSetup((id, input) => agent.runAny(id, input));
    const input = { draft_id: draftId, variation_index: 1, send_now: true };
    const id = held(await agent.runAny("linkedin.draft.approve", input));
    await page.getByRole("link", { name: "Approvals" }).click();
    const card = page.locator("article", { hasText: id });
    await card.waitFor();
    expect(await card.locator("dt:text-is('To') + dd").textContent()).toBe("Ada Lovelace, CFO at Analytical Engines");
    expect(await card.locator("blockquote.message").textContent()).toBe(NOTE_B);
    await card.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved linkedin.draft.approve").waitFor();
    const sent = await server.running.local.outbox.list(workspaceId);
    expect(sent.map((m) => m.body_text)).toEqual([NOTE_B]);
    expect((await agent.runAny("linkedin.draft.approve", input, { approvalRequestId: id })).status).toBe(200);
    expect(await server.running.local.outbox.list(workspaceId)).toHaveLength(1);
  });

  it("says so in the page when a draft was cancelled meanwhile", async () => {
    const { draftId } = await draftSetup((id, input) => person.runAny(id, input));
    await page.getByRole("link", { name: "History" }).click();
    await page.getByRole("link", { name: "Drafts" }).click();
    const card = page.locator("article", { hasText: draftId });
    await card.waitFor();
    dataOf(await person.runAny("linkedin.draft.cancel", { draft_id: draftId }));
    await card.getByRole("button", { name: "Approve variation 1" }).click();
    const alert = card.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/CANCELLED|cancelled/);
    expect(await card.getByRole("button", { name: "Approve variation 1" }).isEnabled()).toBe(true);
  });

  it("refuses a cross-origin form post and a request without the CSRF token, though the cookie goes with them", async () => {
    const id = held(await agent.runAny("import.leads", { mission_id: missionId, name: "Held for the CSRF case", leads: [{ name: "Eva Nyström" }] }));
    // Another origin on the same host is the same site: the strict cookie is sent, so the token is what stops it.
    const attacker: Server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(
        `<!doctype html><html lang="en"><title>win a prize</title><form id="f" method="post" action="${server.url}/api/v1/approvals/${id}/approve">` +
          `<input name="note" value="approved by a stranger"></form><script>document.getElementById("f").submit()</script></html>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/approvals/${id}/approve`));
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const response = await refused;
      expect(response.request().headers()["cookie"] ?? (await response.request().allHeaders())["cookie"]).toContain("st_session=");
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("CSRF");
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }

    await page.goto(`${server.url}/console/#/approvals`);
    await page.locator("article", { hasText: id }).waitFor();
    const bare = await page.evaluate(async (url) => {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      return { status: r.status, body: await r.text() };
    }, `/api/v1/approvals/${id}/deny`);
    expect(bare.status).toBe(403);
    expect(bare.body).toContain("X-CSRF-Token");
    expect(await pending()).toEqual([id]);
  });

  it("signs out: the page returns to sign-in and the old cookie opens nothing", async () => {
    const [cookie] = await context.cookies(server.url);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You are signed out.").waitFor();
    await page.getByRole("heading", { name: "Sign in to the SalesTouch console" }).waitFor();
    const replay = await fetch(`${server.url}/api/v1/approvals`, { headers: { cookie: `st_session=${cookie!.value}` } });
    expect(replay.status).toBe(401);
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to the SalesTouch console" }).waitFor();
  });

  it("signs in once with a one-time link, which leaves the address bar and cannot be used again", async () => {
    const link = await server.running.sessions.issueLink(await server.running.sessions.localConsoleKey());
    await page.goto(`${server.url}/console/#/sign-in/${link}`);
    await page.getByText("Signed in as").waitFor();
    expect(page.url()).not.toContain(link);
    const other = await context.browser()!.newContext();
    const second = await other.newPage();
    await second.goto(`${server.url}/console/#/sign-in/${link}`);
    await second.getByRole("alert").waitFor();
    expect(await second.getByText("Signed in as").count()).toBe(0);
    await other.close();
  });

  it("tells the person when the server cannot be reached, instead of a blank page", async () => {
    await page.getByRole("heading", { name: "Approvals inbox" }).waitFor();
    await server.stop();
    stopped = true;
    await page.getByRole("link", { name: "History" }).click();
    await page.getByText("The server cannot be reached").first().waitFor();
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe("an approval that expired while it was on screen", () => {
  it("is said in the card, and nothing runs", async () => {
    const quick = await startTestServer({ env: { SALESTOUCH_APPROVAL_TTL: "2s" } });
    try {
      const keys = quick.running.local.keys;
      const agentKey = await keys.create({ name: "agent", workspace: "expiry", permissions: [{ target: "missions", permission: "ask" }] });
      await quick.running.local.policy.removeStartingRules(agentKey.workspace.id);
      const decider = await keys.create({ name: "bob", workspace: "expiry", scopes: ["*", "approvals.decide"] });
      const id = held(await createClient({ baseUrl: quick.url, apiKey: agentKey.key }).runAny("mission.create", { name: "Too late" }));
      const own = await browser.newContext();
      const tab = await own.newPage();
      await tab.request.post(`${quick.url}/api/v1/session`, { data: { api_key: decider.key } });
      await tab.goto(`${quick.url}/console/#/approvals`);
      const card = tab.locator("article", { hasText: id });
      await card.waitFor();
      expect(await card.locator("table.kv").textContent()).toContain("Too late");
      await tab.waitForTimeout(2_100);
      await card.getByRole("button", { name: "Approve" }).click();
      expect(await card.getByRole("alert").textContent()).toContain("expired");
      const missions = await createClient({ baseUrl: quick.url, apiKey: decider.key }).run("mission.list", {});
      expect(missions.status === 200 && missions.data.missions).toEqual([]);
      await own.close();
    } finally {
      await quick.stop();
    }
  });
});
