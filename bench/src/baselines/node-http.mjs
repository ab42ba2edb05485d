// Baseline: bare node:http doing the same work as POST /api/v1/commands/mission.create and
// mission.get (shared.mjs: key, validation, row, envelope, log line) — on a SQLite file (argument: its path), or on PostgreSQL (argument: a postgres://
// URL, with the runtime's default pool of 10 connections).
import { createServer } from "node:http";
import { BASELINE_KEY, commandOf, keyHashOf, openBaselineDatabase, openPostgresBaseline, reply } from "./shared.mjs";

const target = process.argv[2];
const handle = /^postgres(ql)?:\/\//.test(target) ? await openPostgresBaseline(target, 10) : openBaselineDatabase(target);
const server = createServer((req, res) => {
  const started = process.hrtime.bigint();
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let result;
    try {
      result = await handle(commandOf(req.url), JSON.parse(Buffer.concat(chunks).toString("utf8")), keyHashOf(req.headers.authorization));
    } catch {
      result = { status: 400, body: { ok: false } };
    }
    reply(res, req, started, result);
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING ${server.address().port} KEY ${BASELINE_KEY}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
