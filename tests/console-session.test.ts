// Console sessions over real HTTP on both dialects: who may sign in, the cookie's flags, the CSRF
// token on state-changing requests, sign-out, revocation, one-time links, and a session opened on
// one server honoured by a second server on the same database (replicas).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConsoleSessionService } from "@salestouch/host";
import { createJsonLogger } from "@salestouch/runtime";
import { startServer, type RunningServer } from "@salestouch/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "./helpers/postgres.js";

const json = { "content-type": "application/json" };

describe.each(DIALECTS)("console sessions on %s", (dialect) => {
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;
  const logLines: string[] = [];
  let personKey: string;
  let agentKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "console-session-"));
    const databaseUrl = dialect === "postgres" ? await createTestDatabase("session") : join(dir, "db.sqlite");
    const logger = createJsonLogger({ level: "debug", write: (line) => void logLines.push(line) });
    a = await startServer({ databaseUrl, validateResponses: true, logger, env: {} });
    b = await startServer({ databaseUrl, validateResponses: true, env: {} });
    personKey = (await a.local.keys.create({ name: "alice", scopes: ["*", "approvals.decide"] })).key;
    agentKey = (await a.local.keys.create({ name: "agent" })).key;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}/api/v1/session`, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });
    const cookie = res.headers.get("set-cookie");
    const payload = (await res.json()) as { data?: { session: { csrf_token: string; key_name: string } }; error?: { code: string; message: string } };
    return { res, cookie, payload, token: cookie ? /st_session=([^;]+)/.exec(cookie)![1]! : null };
  }

  it("lets a person's key sign in, never an agent's, and sets a strict HttpOnly cookie", async () => {
    const agent = await signIn(a, { api_key: agentKey });
    expect(agent.res.status).toBe(403);
    expect(agent.payload.error?.message).toContain("approvals.decide");
    expect(agent.cookie).toBeNull();
    expect((await signIn(a, { api_key: "st_notAKeyAtAll000000000000000000" })).res.status).toBe(401);

    const person = await signIn(a, { api_key: personKey });
    expect(person.res.status).toBe(201);
    expect(person.cookie).toMatch(/HttpOnly/i);
    expect(person.cookie).toMatch(/SameSite=Strict/i);
    expect(person.cookie).toMatch(/Path=\//);
    expect(person.cookie).toMatch(/Expires=/);
    expect(person.cookie).not.toMatch(/Secure/i);
    expect(person.payload.data?.session.key_name).toBe("alice");
    expect(JSON.stringify(person.payload)).not.toContain(personKey);
    // Behind a TLS-terminating proxy the cookie is Secure.
    expect((await signIn(a, { api_key: personKey }, { "x-forwarded-proto": "https" })).cookie).toMatch(/Secure/);
    expect(logLines.join("")).not.toContain(personKey);
  });

  it("refuses a sign-in that is not JSON (a cross-site form cannot sign anyone in)", async () => {
    const res = await fetch(`${a.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `api_key=${personKey}`,
    });
    expect(res.status).toBe(415);
    expect(
      (await fetch(`${a.url}/api/v1/session`, { method: "POST", headers: json, body: JSON.stringify({ api_key: personKey, extra: 1 }) })).status,
    ).toBe(400);
  });

  it("accepts the session wherever a key is, and wants the CSRF token on state-changing requests", async () => {
    const { token, payload } = await signIn(a, { api_key: personKey });
    const csrf = payload.data!.session.csrf_token;
    const cookie = `st_session=${token}`;
    const session = await fetch(`${a.url}/api/v1/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { data: { session: { csrf_token: string } } }).data.session.csrf_token).toBe(csrf);
    expect((await fetch(`${a.url}/api/v1/approvals?status=pending`, { headers: { cookie } })).status).toBe(200);

    const create = (headers: Record<string, string>) =>
      fetch(`${a.url}/api/v1/commands/mission.create`, {
        method: "POST",
        headers: { ...json, cookie, ...headers },
        body: JSON.stringify({ input: { name: "From the console" } }),
      });
    const missing = await create({});
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain("CSRF");
    expect((await create({ "x-csrf-token": "wrong" })).status).toBe(403);
    const made = await create({ "x-csrf-token": csrf });
    expect(made.status).toBe(200);
    // A form post carries neither the header nor a JSON body.
    const form = await fetch(`${a.url}/api/v1/approvals/apr_x/approve`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "note=x",
    });
    expect(form.status).toBe(403);
    // Through the same principal as the key: decided_by and rate limits are the key's.
    expect((await fetch(`${a.url}/api/v1/keys`, { headers: { cookie } })).status).toBe(200);
  });

  it("shares sessions between servers on one database; signing out ends it on both", async () => {
    const { token, payload } = await signIn(a, { api_key: personKey });
    const cookie = `st_session=${token}`;
    const csrf = payload.data!.session.csrf_token;
    expect((await fetch(`${b.url}/api/v1/session`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${b.url}/api/v1/session`, { method: "DELETE", headers: { cookie } })).status).toBe(403);
    const out = await fetch(`${b.url}/api/v1/session`, { method: "DELETE", headers: { cookie, "x-csrf-token": csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/st_session=;/);
    expect((await fetch(`${a.url}/api/v1/session`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${a.url}/api/v1/approvals`, { headers: { cookie } })).status).toBe(401);
  });

  it("ends every session of a key when the key is revoked", async () => {
    const created = await a.local.keys.create({ name: "bob", scopes: ["approvals.decide"] });
    const { token } = await signIn(a, { api_key: created.key });
    const cookie = `st_session=${token}`;
    expect((await fetch(`${b.url}/api/v1/approvals`, { headers: { cookie } })).status).toBe(200);
    await b.local.keys.revoke(created.row.id);
    expect((await fetch(`${a.url}/api/v1/approvals`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${b.url}/api/v1/session`, { headers: { cookie } })).status).toBe(401);
  });

  it("uses a sign-in link once", async () => {
    const link = await a.sessions.issueLink(await a.sessions.localConsoleKey());
    const first = await signIn(b, { sign_in_link: link });
    expect(first.res.status).toBe(201);
    expect(first.payload.data?.session.key_name).toContain("sign-in link");
    expect((await signIn(a, { sign_in_link: link })).res.status).toBe(401);
    expect((await signIn(a, { sign_in_link: "stl_guess" })).res.status).toBe(401);
  });

  it("ends a session when it expires", async () => {
    const { token } = await signIn(a, { api_key: personKey });
    const later = new ConsoleSessionService(a.local.store, a.local.keys, 60_000, () => new Date(Date.now() + 13 * 3_600_000));
    expect(await a.sessions.authenticate(token!)).not.toBeNull();
    expect(await later.authenticate(token!)).toBeNull();
  });
});
