// The packages that leave the repository, as another team gets them: packed with `pnpm pack`,
// installed with npm into a scratch project outside the workspace, type-checked with tsc --strict,
// run. The conformance kit, from its tarball, checks our built server on SQLite and PostgreSQL,
// and fails clearly — with JUnit XML — against a deployment that corrupts one output field.
//
// One npm install serves every case. It runs with --ignore-scripts, and the native SQLite driver's
// compiled binary is copied from the workspace's copy of the same version (same Node, same
// machine): compiling it again costs minutes here, and it is no part of what these packages ship.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { CONTRACT_VERSION } from "@salestouch/contracts/facts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy } from "./helpers/fault-proxy.js";
import { EXAMPLE_LEAD_SOURCE } from "./helpers/lead-source-server.js";
import { createTestDatabase, DIALECTS } from "./helpers/postgres.js";
import { spawnServer } from "./helpers/server-process.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const PACKAGES = ["client", "testing", "conformance"] as const;
const CLI = join(root, "apps/cli/dist/main.js");
// pnpm at the pinned version: inside the repository when the setup could not install it globally.
const PNPM = existsSync(join(root, ".tools/node_modules/.bin/pnpm")) ? join(root, ".tools/node_modules/.bin/pnpm") : "pnpm";

let scratch: string;
const tarballs: Record<string, string> = {};

function manifestOf(tarball: string): Promise<Record<string, unknown>> {
  return run("tar", ["-xzOf", tarball, "package/package.json"]).then(({ stdout }) => JSON.parse(stdout) as Record<string, unknown>);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "salestouch-consumer-"));
  expect(scratch.startsWith(root)).toBe(false);
  const packs = join(scratch, "tarballs");
  mkdirSync(packs);
  for (const name of PACKAGES) {
    const { stdout } = await run(PNPM, ["pack", "--pack-destination", packs], { cwd: join(root, "packages", name) });
    tarballs[name] = stdout.trim().split("\n").pop()!;
  }
  const project = join(scratch, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  for (const file of ["consumer.ts", "tsconfig.json"]) copyFileSync(join(root, "tests/fixtures/consumer", file), join(project, file));
  await run(
    "npm",
    ["install", ...PACKAGES.map((name) => tarballs[name]!), "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error"],
    { cwd: project, timeout: 240_000 },
  );
  const driver = dirname(createRequire(join(root, "apps/server/package.json")).resolve("better-sqlite3/package.json"));
  mkdirSync(join(project, "node_modules/better-sqlite3/build/Release"), { recursive: true });
  copyFileSync(join(driver, "build/Release/better_sqlite3.node"), join(project, "node_modules/better-sqlite3/build/Release/better_sqlite3.node"));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const project = () => join(scratch, "project");
const bin = (name: string) => join(project(), "node_modules/.bin", name);

describe("the packed packages", () => {
  it("carry no workspace dependency and the contract's version", async () => {
    for (const name of PACKAGES) {
      const manifest = await manifestOf(tarballs[name]!);
      expect(JSON.stringify(manifest)).not.toContain("workspace:");
      expect(manifest["version"]).toBe(CONTRACT_VERSION);
      expect(Object.keys((manifest["dependencies"] ?? {}) as object).filter((d) => d.startsWith("@salestouch/"))).toEqual([]);
    }
    expect((await manifestOf(tarballs["client"]!))["dependencies"]).toEqual({ "openapi-fetch": "0.17.0" });
    expect((await manifestOf(tarballs["conformance"]!))["dependencies"]).toBeUndefined();
  });

  it("type-check a consumer with tsc --strict, where a wrong field, enum value or held result is an error", async () => {
    const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project() }).catch((error: { stdout: string }) => error);
    expect("stdout" in result ? result.stdout : "").toBe("");
    expect(existsSync(join(project(), "dist/consumer.js"))).toBe(true);
  });

  it("run the consumer: the throwaway server with seed data, typed calls, pagination, typed errors", async () => {
    const { stdout } = await run(process.execPath, ["dist/consumer.js"], { cwd: project(), timeout: 60_000 });
    const report = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(report).toMatchObject({ contract: CONTRACT_VERSION, name: "From a scratch project", refused: "401 unauthenticated" });
    expect(report["invalid"]).toMatchObject({ code: "invalid_input" });
    expect((report["invalid"] as { paths: string[] }).paths).toContain("/name");
    expect(report["seeded"]).toBeGreaterThan(5);
    expect(report["listed"]).toBeGreaterThan(2);
  });

  it("start salestouch-test-server from the bin, answer with its key, stop cleanly on SIGTERM", async () => {
    const child = spawn(bin("salestouch-test-server"), ["--json"], { cwd: project(), stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      void exited.then((code) => reject(new Error(`exited ${code}`)));
    });
    const { url, api_key } = JSON.parse(line) as { url: string; api_key: string };
    const answer = await fetch(`${url}/api/v1/commands/mission.list`, {
      method: "POST",
      headers: { authorization: `Bearer ${api_key}`, "content-type": "application/json" },
      body: '{"input":{}}',
    });
    expect(answer.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

async function conformance(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(bin("salestouch-conformance"), args, { cwd: project(), timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe.each(DIALECTS)("salestouch-conformance from its tarball against the built server on %s", (dialect) => {
  it("passes every check, with a second workspace and MCP, and writes JUnit XML", async () => {
    const databaseUrl = dialect === "postgres" ? await createTestDatabase("conf") : join(scratch, `conformance-${dialect}.db`);
    // The search imports' examples need a lead source: the file one the examples are written for.
    const env = { SALESTOUCH_DATABASE_URL: databaseUrl, DATABASE_URL: "", ...EXAMPLE_LEAD_SOURCE };
    // Keys made as an operator would, with the CLI on the server's database; what a new workspace holds for
    // keys (imports, sending) allowed, so those examples run rather than wait for a person.
    const key = async (workspace: string) =>
      JSON.parse(
        (
          await run(
            process.execPath,
            [
              CLI,
              "keys",
              "create",
              "--name",
              `conformance ${workspace}`,
              "--workspace",
              workspace,
              "--permissions",
              "imports=allow,linkedin.draft.approve=allow",
              "--json",
            ],
            { env: { ...process.env, ...env } },
          )
        ).stdout,
      ) as { key: string };
    const first = await key("conformance");
    const second = await key("conformance-other");
    const server = await spawnServer(env);
    try {
      const junit = join(scratch, `junit-${dialect}.xml`);
      const result = await conformance([
        "--base-url",
        server.url,
        "--api-key",
        first.key,
        "--second-api-key",
        second.key,
        "--mcp",
        "--junit",
        junit,
        "--json",
      ]);
      const report = JSON.parse(result.stdout) as {
        passed: number;
        failed: number;
        skipped: number;
        results: { outcome: string; name: string; message: string }[];
        trail: string;
      };
      expect(report.results.filter((r) => r.outcome !== "passed")).toEqual([]);
      expect(result.code).toBe(0);
      expect(report.passed).toBeGreaterThan(140);
      expect(report.trail).toMatch(/wrote data in the workspace of --api-key/);
      expect(readFileSync(junit, "utf8")).toMatch(/<testsuites [^>]*failures="0"/);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});

describe("salestouch-conformance against a deployment that is wrong", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("fails with a clear report and JUnit XML when one output field is corrupted", async () => {
    // mission.create's answers come back with a status the contract does not have.
    const proxy = await startFaultProxy(server.url, (request) =>
      request.path === "/api/v1/commands/mission.create"
        ? {
            kind: "rewrite",
            rewrite: (body) => {
              const envelope = body as { data?: { mission?: { status?: string } } };
              if (envelope.data?.mission) envelope.data.mission.status = "paused";
              return envelope;
            },
          }
        : { kind: "forward" },
    );
    try {
      const junit = join(scratch, "junit-broken.xml");
      const result = await conformance(["--base-url", proxy.url, "--api-key", server.key, "--only", "examples", "--junit", junit]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /FAIL {2}examples {6}mission\.create example minimal\s+output does not match the output schema: output\/mission\/status must be equal to one of the allowed values/,
      );
      expect(result.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
      const xml = readFileSync(junit, "utf8");
      expect(xml).toMatch(
        /<testcase classname="salestouch-conformance\.examples" name="mission\.create example minimal"[^>]*>\s*<failure message="output does not match/,
      );
    } finally {
      await proxy.close();
    }
  });

  it("says so when the URL does not answer, the key is refused, or the server is not this contract", async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = await startFaultProxy(server.url, () => ({ kind: "forward" }));
    await closed.close();
    const unreachable = await conformance(["--base-url", closed.url, "--api-key", server.key]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`cannot reach ${closed.url}: ECONNREFUSED. Check --base-url`);
    const refused = await conformance(["--base-url", server.url, "--api-key", "st_notAKeyOfThisServer00000000000000000000"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the key given with --api-key \(HTTP 401 unauthenticated\)/);
    const other = await startFaultProxy(server.url, () => ({
      kind: "answer",
      status: 404,
      headers: { "content-type": "text/html" },
      body: "<h1>Not Found</h1>",
    }));
    try {
      const notContract = await conformance(["--base-url", other.url, "--api-key", server.key]);
      expect(notContract.code).toBe(2);
      expect(notContract.stderr).toMatch(/does not look like a SalesTouch deployment: GET \/api\/v1\/commands answered HTTP 404/);
    } finally {
      await other.close();
    }
  });
});
