// The web console's first load in headless Chromium against a server process on loopback: the
// approvals inbox with 100 pending held imports (each with its rows to preview), and a mission page
// whose mission holds 10,000 leads — each from a fresh browser context (empty cache), from navigation
// until every card (or the funnel and the first page of leads) is on screen. The baseline, in the
// same run, is the same console's sign-in page: the same scripts and styles, no data.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@salestouch/client";
import { chromium, type Browser } from "playwright-core";
import { REALISTIC, writeLeadCsv } from "./lead-data.js";
import { freePort, startProcess } from "./processes.js";
import { median, round, spread } from "./stats.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The little of @salestouch/host the bench calls (loaded from its dist, like the other children). */
interface HostModule {
  openRuntime(options: { databaseUrl: string; validateOutputs: boolean }): Promise<{
    keys: {
      create(options: { name: string; workspace?: string; scopes?: string[]; permissions?: { target: string; permission: string }[] }): Promise<{
        key: string;
        workspace: { id: string };
      }>;
    };
    policy: { removeStartingRules(workspaceId: string): Promise<boolean> };
    close(): Promise<void>;
  }>;
}

/** What the ready check reads in the page (the bench compiles without the DOM's types). */
interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number } };
}

interface PageLoadFigure {
  medianMs: number;
  spread: number;
  runs: number;
}

export interface ConsoleFigures {
  pending: number;
  missionLeads: number;
  signIn: PageLoadFigure;
  inbox: PageLoadFigure;
  mission: PageLoadFigure;
}

const figure = (times: number[]): PageLoadFigure => ({ medianMs: round(median(times), 0), spread: round(spread(times), 3), runs: times.length });

export async function benchConsole(options: { root: string; workDir: string; rounds: number }): Promise<ConsoleFigures | null> {
  const { root, workDir, rounds } = options;
  if (!existsSync(CHROMIUM) || !existsSync(join(root, "apps/console/dist/index.html"))) return null;
  const pending = 100;
  const missionLeads = 10_000;
  const csv = join(workDir, "console-leads.csv");
  // 10,000 distinct people plus the repeated and invalid rows of a realistic list.
  await writeLeadCsv(csv, { rows: Math.ceil(missionLeads / (1 - 1 / REALISTIC.repeatEvery - 1 / REALISTIC.invalidEvery)) + 20, ...REALISTIC });
  const databaseUrl = join(workDir, "console.db");
  const port = await freePort();
  const server = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SALESTOUCH_UPLOAD_DIR: join(workDir, "console-uploads"),
      SALESTOUCH_LOG_LEVEL: "warn",
      SALESTOUCH_RATE_LIMIT: "0",
    },
    ready: /try:/,
  });
  let browser: Browser | undefined;
  try {
    const url = `http://127.0.0.1:${port}`;
    const host = (await import(pathToFileURL(join(root, "packages/host/dist/index.js")).href)) as HostModule;
    const local = await host.openRuntime({ databaseUrl, validateOutputs: false });
    const person = await local.keys.create({ name: "person", workspace: "console-bench", scopes: ["*", "approvals.decide"] });
    await local.policy.removeStartingRules(person.workspace.id);
    const agent = await local.keys.create({ name: "agent", workspace: "console-bench", permissions: [{ target: "imports", permission: "ask" }] });
    await local.close();

    const personClient = createClient({ baseUrl: url, apiKey: person.key });
    const agentClient = createClient({ baseUrl: url, apiKey: agent.key });
    const mission = await personClient.run("mission.create", { name: "Console bench" });
    if (mission.status !== 200) throw new Error(`mission.create answered ${mission.status}`);
    const missionId = mission.data.mission.id;
    const upload = await personClient.uploadCsv(csv);
    const imported = await personClient.run("import.csv", { mission_id: missionId, name: "bench list", upload_id: upload.upload_id });
    if (imported.status !== 200) throw new Error(`import.csv answered ${imported.status}`);
    for (let i = 0; i < pending; i++) {
      const leads = Array.from({ length: 10 }, (_, j) => ({
        name: `Held Person ${i}-${j}`,
        email: `held${i}.${j}@example.com`,
        company: `Company ${j}`,
      }));
      const held = await agentClient.runAny("import.leads", { mission_id: missionId, name: `held list ${i}`, leads });
      if (held.status !== 202) throw new Error(`a held import.leads answered ${held.status}`);
    }
    const stats = await personClient.run("mission.get", { mission_id: missionId });
    const leadsInMission = stats.status === 200 ? stats.data.mission.stats.leads : 0;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Ready once the page shows `count` elements matching `selector` (functions, not strings: the CSP forbids eval).
    const load = async (path: string, signedIn: boolean, ready: { selector: string; count: number }): Promise<number> => {
      const context = await browser!.newContext();
      if (signedIn) await context.request.post(`${url}/api/v1/session`, { data: { api_key: person.key } });
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${url}${path}`);
      await page.waitForFunction(
        ({ selector, count }) => (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length >= count,
        ready,
        {
          timeout: 30_000,
          polling: "raf",
        },
      );
      const ms = performance.now() - started;
      await context.close();
      return ms;
    };
    const signIn: number[] = [];
    const inbox: number[] = [];
    const missionPage: number[] = [];
    // The first round warms the server and the browser and is not counted.
    for (let i = 0; i <= rounds; i++) {
      const a = await load("/console/", false, { selector: "#api-key", count: 1 });
      const b = await load("/console/#/approvals", true, { selector: "ol.cards > li", count: pending });
      const c = await load(`/console/#/missions/${missionId}`, true, { selector: "figure.funnel canvas, table tbody tr", count: 1 + 1 + 20 });
      if (i === 0) continue;
      signIn.push(a);
      inbox.push(b);
      missionPage.push(c);
    }
    return { pending, missionLeads: leadsInMission, signIn: figure(signIn), inbox: figure(inbox), mission: figure(missionPage) };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

export function consoleRows(f: ConsoleFigures): string[] {
  const row = (name: string, x: PageLoadFigure) =>
    `| ${name} | ${x.medianMs} | ${round(x.medianMs / f.signIn.medianMs)} | ${round(x.spread * 100, 1)}%${x.spread > 0.1 ? " (noisy)" : ""} |`;
  return [
    "| web console first load (fresh browser context) | ms | vs sign-in page | spread |",
    "|---|---|---|---|",
    row("sign-in page (baseline: same assets, no data)", f.signIn),
    row(`approvals inbox, ${f.pending} pending held imports`, f.inbox),
    row(`mission page, ${f.missionLeads} leads in the mission`, f.mission),
    "",
    `Goal: the inbox's first load under 1000 ms with ${f.pending} pending approvals and 10k leads in a mission (now ${f.inbox.medianMs} ms).`,
  ];
}
