// The configuration module: every variable parsed and checked once; a bad value names the
// variable, the value and what is allowed; the README's table is the schema's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isConfigured } from "@salestouch/commands";
import { openStore } from "@salestouch/store";
import { describe, expect, it } from "vitest";
import { dispatcherFrom } from "./approval-settings.js";
import { ConfigError, loadConfig, parseDuration, SETTINGS } from "./config.js";
import { configTable } from "./config-render.js";
import { resolveDatabase } from "./database-location.js";
import { leadSourceFrom } from "./lead-source.js";

const server = (env: Record<string, string>) => loadConfig({ env, for: "server" });

function problemOf(env: Record<string, string>, consumer: "server" | "client" = "server"): string {
  try {
    loadConfig({ env, for: consumer });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["24h", 86_400_000],
    ["2d", 172_800_000],
    ["500ms", 500],
    ["3600", 3_600_000],
    ["0", 0],
  ] as const)("reads %s as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("refuses what is not a duration", () => {
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("-5m")).toBeUndefined();
  });
});

describe("loadConfig", () => {
  it("gives every setting its default when nothing is set", () => {
    const config = server({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      rateLimit: 600,
      bodyLimit: 1024 * 1024,
      approvalTtlMs: 86_400_000,
      sqliteBusyTimeoutMs: 5000,
      dbPoolSize: 10,
      logLevel: "info",
      corsOrigins: [],
      dispatcher: "outbox",
    });
    expect(config.setBy).toEqual({});
  });

  it("reads good values and remembers which variable set each", () => {
    const config = server({
      PORT: "0",
      HOST: "0.0.0.0",
      SALESTOUCH_RATE_LIMIT: "0",
      SALESTOUCH_BODY_LIMIT: "64kb",
      SALESTOUCH_APPROVAL_TTL: "15m",
      SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS: "250",
      SALESTOUCH_CORS_ORIGINS: "https://a.example, http://b.example:8080",
    });
    expect(config).toMatchObject({
      port: 0,
      host: "0.0.0.0",
      rateLimit: 0,
      bodyLimit: 65_536,
      approvalTtlMs: 900_000,
      sqliteBusyTimeoutMs: 250,
      corsOrigins: ["https://a.example", "http://b.example:8080"],
    });
    expect(config.setBy.sqliteBusyTimeoutMs).toBe("SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS");
  });

  it.each([
    ["PORT", ""],
    ["PORT", "http"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["HOST", ""],
    ["HOST", "  "],
    ["HOST", "local host"],
    ["SALESTOUCH_RATE_LIMIT", "6OO"],
    ["SALESTOUCH_RATE_LIMIT", ""],
    ["SALESTOUCH_RATE_LIMIT", "abc"],
    ["SALESTOUCH_RATE_LIMIT", "-10"],
    ["SALESTOUCH_RATE_LIMIT", "Infinity"],
    ["SALESTOUCH_RATE_LIMIT", "1.5"],
    ["SALESTOUCH_BODY_LIMIT", "1m"],
    ["SALESTOUCH_BODY_LIMIT", "-1"],
    ["SALESTOUCH_BODY_LIMIT", "1"],
    ["SALESTOUCH_BODY_LIMIT", "2gb"],
    ["SALESTOUCH_BODY_LIMIT", ""],
    ["SALESTOUCH_APPROVAL_TTL", "999999999d"],
    ["SALESTOUCH_APPROVAL_TTL", "a while"],
    ["SALESTOUCH_APPROVAL_TTL", ""],
    ["SALESTOUCH_SQLITE_BUSY_TIMEOUT_MS", "5s"],
    ["SALESTOUCH_DB_POOL_SIZE", "0"],
    ["SALESTOUCH_LOG_LEVEL", "verbose"],
    ["SALESTOUCH_CORS_ORIGINS", "https://a.example/path"],
    ["SALESTOUCH_VALIDATE_RESPONSES", "yes"],
    ["SALESTOUCH_DISPATCHER", "carrier-pigeon"],
    ["SALESTOUCH_WEBHOOK_ATTEMPTS", "0"],
    ["SALESTOUCH_WEBHOOK_URL", "ftp://send.example"],
  ])("stops at %s=%j, naming the variable, the value and what is allowed", (name, value) => {
    const message = problemOf({ [name]: value });
    expect(message).toContain(`${name}=${JSON.stringify(value)} is not allowed`);
    expect(message).toMatch(/: use .+/);
  });

  it("lists every bad value at once", () => {
    const message = problemOf({ PORT: "", SALESTOUCH_RATE_LIMIT: "6OO" });
    expect(message).toMatch(/2 problems/);
    expect(message).toContain('PORT="" is not allowed (empty): use a whole number from 0 to 65535');
  });

  it("treats an empty path, URL or key as unset", () => {
    const config = loadConfig({ env: { DATABASE_URL: "", SALESTOUCH_API_KEY: "", SALESTOUCH_API_BASE_URL: " " }, for: "client" });
    expect(config.apiKey).toBeUndefined();
    expect(resolveDatabase(config).source).toBe("default");
  });

  it("never prints a secret it refuses", () => {
    const message = problemOf({ SALESTOUCH_WEBHOOK_URL: "https://send.example/hook", SALESTOUCH_WEBHOOK_SECRET: "short-secret" });
    expect(message).not.toContain("short-secret");
    expect(problemOf({ SALESTOUCH_DATABASE_URL: "postgres://u:hunter2@db/x", SALESTOUCH_DB_POOL_SIZE: "x" })).not.toContain("hunter2");
  });

  it("checks only the settings the process reads", () => {
    expect(() => loadConfig({ env: { PORT: "nope" }, for: "client" })).not.toThrow();
    expect(() => loadConfig({ env: { SALESTOUCH_API_BASE_URL: "localhost:3000" }, for: "server" })).not.toThrow();
    expect(problemOf({ SALESTOUCH_API_BASE_URL: "localhost:3000" }, "client")).toMatch(/is not an http\(s\) URL/);
  });
});

describe("dispatcherFrom", () => {
  it("uses the outbox unless a webhook is configured", () => {
    expect(dispatcherFrom(server({})).name).toBe("outbox");
    expect(dispatcherFrom(server({ SALESTOUCH_WEBHOOK_URL: "https://send.example/hook", SALESTOUCH_WEBHOOK_SECRET: "0123456789abcdef" })).name).toBe(
      "webhook",
    );
  });

  it("refuses a webhook without its URL or a long enough secret", () => {
    expect(problemOf({ SALESTOUCH_DISPATCHER: "webhook" })).toMatch(/SALESTOUCH_WEBHOOK_URL/);
    expect(problemOf({ SALESTOUCH_WEBHOOK_URL: "https://send.example/hook", SALESTOUCH_WEBHOOK_SECRET: "short" })).toMatch(
      /SALESTOUCH_WEBHOOK_SECRET/,
    );
  });
});

describe("leadSourceFrom", () => {
  const file = join(import.meta.dirname, "..", "..", "..", "tests", "fixtures", "lead-source-results.json");

  it("has none by default, or the webhook or the file source that is configured", async () => {
    const store = await openStore({ url: ":memory:" });
    expect(isConfigured(leadSourceFrom(server({}), store))).toBe(false);
    const webhook = {
      SALESTOUCH_LEAD_SOURCE: "webhook",
      SALESTOUCH_LEAD_SOURCE_URL: "https://leads.example/search",
      SALESTOUCH_LEAD_SOURCE_SECRET: "0123456789abcdef",
    };
    expect(leadSourceFrom(server(webhook), store).name).toBe("webhook");
    expect(server({ ...webhook, SALESTOUCH_LEAD_SOURCE_TIMEOUT: "2m" }).leadSourceTimeoutMs).toBe(120_000);
    expect(leadSourceFrom(server({ SALESTOUCH_LEAD_SOURCE: "file", SALESTOUCH_LEAD_SOURCE_FILE: file }), store).name).toBe("file");
    await store.close();
  });

  it("refuses a source without what it needs, a missing file, and settings of a source that is not chosen", () => {
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE: "scraper" })).toMatch(/^SALESTOUCH_LEAD_SOURCE="scraper" is not allowed .*one of none, webhook, file/);
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE: "webhook" })).toMatch(/SALESTOUCH_LEAD_SOURCE_URL.*\n.*SALESTOUCH_LEAD_SOURCE_SECRET/s);
    expect(
      problemOf({
        SALESTOUCH_LEAD_SOURCE: "webhook",
        SALESTOUCH_LEAD_SOURCE_URL: "leads.example",
        SALESTOUCH_LEAD_SOURCE_SECRET: "0123456789abcdef",
      }),
    ).toMatch(/SALESTOUCH_LEAD_SOURCE_URL="leads.example" is not allowed/);
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE: "file" })).toMatch(/needs SALESTOUCH_LEAD_SOURCE_FILE/);
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE: "file", SALESTOUCH_LEAD_SOURCE_FILE: "/nonexistent/results.json" })).toMatch(
      /SALESTOUCH_LEAD_SOURCE_FILE="\/nonexistent\/results.json" does not exist/,
    );
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE_URL: "https://leads.example/search" })).toMatch(/set SALESTOUCH_LEAD_SOURCE=webhook to use it/);
    expect(problemOf({ SALESTOUCH_LEAD_SOURCE_TIMEOUT: "1h" })).toMatch(/SALESTOUCH_LEAD_SOURCE_TIMEOUT="1h" is not allowed \(too long\)/);
  });
});

describe("the README's configuration table", () => {
  it("is the one rendered from the settings (pnpm config:table rewrites it)", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8");
    const table = /<!-- configuration table: generated by `pnpm config:table` -->\n([\s\S]*?)\n<!-- end of configuration table -->/.exec(readme)?.[1];
    expect(table, "README.md lacks the generated configuration table").toBeDefined();
    expect(table).toBe(configTable());
  });

  it("has a row for every setting", () => {
    for (const spec of Object.values(SETTINGS)) expect(configTable()).toContain(`\`${spec.env}\``);
  });
});
