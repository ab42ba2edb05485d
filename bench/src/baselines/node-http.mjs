// Baseline: bare node:http doing the same work as POST /api/v1/commands/mission.create and
// mission.get — on a SQLite file (argument: its path), or on PostgreSQL (argument: a postgres://
// URL, with the runtime's default pool of 10 connections).
import { createServer } from "node:http";
import { commandOf, openBaselineDatabase, openPostgresBaseline } from "./shared.mjs";

const target = process.argv[2];
const handle = /^postgres(ql)?:\/\//.test(target) ? await openPostgresBaseline(target, 10) : openBaselineDatabase(target);
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let result;
    try {
      result = await handle(commandOf(req.url), JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch {
      result = { status: 400, body: { ok: false } };
    }
    const text = JSON.stringify(result.body);
    res.writeHead(result.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
