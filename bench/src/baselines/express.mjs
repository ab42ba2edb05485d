// Baseline: bare Express 5 doing the same work as POST /api/v1/commands/mission.create.
import express from "express";
import { BASELINE_KEY, commandOf, keyHashOf, openBaselineDatabase, reply } from "./shared.mjs";

const handle = openBaselineDatabase(process.argv[2]);
const app = express();
app.disable("x-powered-by");
app.use(express.json({ limit: "1mb" }));
app.post("/api/v1/commands/:commandId", (req, res) => {
  const started = process.hrtime.bigint();
  reply(res, req, started, handle(commandOf(req.path), req.body, keyHashOf(req.headers.authorization)));
});
const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING ${server.address().port} KEY ${BASELINE_KEY}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
