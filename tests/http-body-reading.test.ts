// The command endpoint reads a plain JSON body (UTF-8, not compressed, with a Content-Length within
// the limit) itself and hands every other body to body-parser: both must answer every body alike.
// The same bodies go to a server whose limit is a number (plain bodies read directly) and to one
// whose limit is the same size written as text (every body through body-parser).
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";

let direct: TestServer;
let parser: TestServer;

beforeAll(async () => {
  [direct, parser] = await Promise.all([startTestServer({ bodyLimit: 65_536 }), startTestServer({ bodyLimit: "64kb" })]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), parser?.stop()]);
});

const valid = '{"input": {"name": "Read directly"}}';
const cases: { name: string; body: string | Buffer; type?: string; headers?: Record<string, string> }[] = [
  { name: "a valid body", body: valid },
  { name: "a valid body that names its UTF-8 charset", body: valid, type: "application/json; charset=UTF-8" },
  { name: "a quoted charset", body: valid, type: 'application/json; charset="utf-8"' },
  { name: "a body with a byte-order mark", body: `\ufeff${valid}` },
  { name: "text beyond ASCII", body: '{"input": {"name": "Café Zürich — 東京 🚀"}}' },
  { name: "bytes that are not UTF-8", body: Buffer.from([...Buffer.from('{"input": {"name": "'), 0xff, 0xfe, ...Buffer.from('"}}')]) },
  { name: "malformed JSON", body: '{"input": {"name": "x"' },
  { name: "an empty body", body: "" },
  { name: "whitespace only", body: "  \n " },
  { name: "a JSON null", body: "null" },
  { name: "a JSON number", body: "42" },
  { name: "a JSON string", body: '"input"' },
  { name: "another charset", body: valid, type: "application/json; charset=latin1" },
  { name: "a compressed body", body: gzipSync(valid), headers: { "content-encoding": "gzip" } },
  { name: "an unknown content encoding", body: valid, headers: { "content-encoding": "zip" } },
  { name: "a body over the limit", body: JSON.stringify({ input: { name: "x", description: "y".repeat(70_000) } }) },
  { name: "a body just at the limit", body: JSON.stringify({ input: { name: "x", description: "y".repeat(65_536 - 46) } }) },
  { name: "another media type", body: valid, type: "text/plain" },
];

async function answer(server: TestServer, c: (typeof cases)[number]): Promise<{ status: number; body: unknown }> {
  const res = await server.fetch("/api/v1/commands/mission.create", {
    method: "POST",
    headers: { authorization: `Bearer ${server.key}`, "content-type": c.type ?? "application/json", ...c.headers },
    body: typeof c.body === "string" ? c.body : new Uint8Array(c.body),
  });
  const body = (await res.json()) as { data?: { mission?: { id?: string; updated_at?: string } } };
  // A created mission's id and time are its own on each server.
  if (body.data?.mission) body.data.mission = { ...body.data.mission, id: "mis_…", updated_at: "…" };
  return { status: res.status, body };
}

describe("POST /api/v1/commands/{id} reads every body as body-parser does", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const [read, parsed] = await Promise.all([answer(direct, c), answer(parser, c)]);
    expect(read).toEqual(parsed);
  });

  it("reads a body that arrives in many pieces, cut inside characters", async () => {
    const description = "é€".repeat(1_500);
    const bytes = Buffer.from(JSON.stringify({ input: { name: "In pieces", description } }));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${direct.url}/api/v1/commands/mission.create`,
        { method: "POST", headers: { authorization: `Bearer ${direct.key}`, "content-type": "application/json", "content-length": bytes.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      req.on("error", reject);
      // 7-byte pieces, each its own write a turn apart, cut through the 2- and 3-byte characters.
      let at = 0;
      const next = (): void => {
        if (at >= bytes.length) return void req.end();
        req.write(bytes.subarray(at, at + 7));
        at += 7;
        setImmediate(next);
      };
      next();
    });
    expect(status, text.slice(0, 300)).toBe(200);
    expect((JSON.parse(text) as { data: { mission: { brief: { description: string } } } }).data.mission.brief.description).toBe(description);
  });
});
