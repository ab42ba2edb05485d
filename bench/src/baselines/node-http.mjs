// Baseline: bare node:http doing the same work as POST /api/v1/commands/mission.create.
import { createServer } from "node:http";
import { openBaselineDatabase } from "./shared.mjs";

const handle = openBaselineDatabase(process.argv[2]);
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let result;
    try {
      result = handle(JSON.parse(Buffer.concat(chunks).toString("utf8")));
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
