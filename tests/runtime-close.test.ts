// A program that embeds the runtime (a script, the bench, a test harness) and closes it after a
// write big enough to start the WAL checkpoint worker must see close() finish: the worker keeps
// no process alive, but it must not let one end in the middle of closing either (exit code 13,
// "unsettled top-level await", with nothing printed after the close).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const dir = tempDir("salestouch-close-");
afterAll(() => dir.remove());

const SCRIPT = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE });
const principal = await local.keys.localPrincipal();
const mission = await local.runtime.execute("mission.create", { name: "Close" }, { principal });
const result = await local.runtime.execute("import.csv", { mission_id: mission.data.mission.id, name: "big.csv", csv_path: process.env.CSV_FILE }, { principal });
process.stdout.write("imported " + result.ok + "\\n");
await local.close();
process.stdout.write("closed\\n");
`;

it("closes after an import that grew the WAL past a checkpoint, and the process ends normally", () => {
  const csv = join(dir.path, "big.csv");
  const rows = ["first_name,last_name,email,company,job_title,headline"];
  for (let i = 0; i < 6000; i++)
    rows.push(`Ada${i},Lovelace${i},ada.${i}@example.com,Analytical Engines ${i},Chief Financial Officer,${"Numbers ".repeat(30)}${i}`);
  writeFileSync(csv, `${rows.join("\n")}\n`);
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT], {
    env: {
      ...process.env,
      HOST_MODULE: pathToFileURL(join(import.meta.dirname, "..", "packages", "host", "dist", "index.js")).href,
      DATABASE_FILE: join(dir.path, "close.db"),
      CSV_FILE: csv,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(child.stderr).toBe("");
  expect(child.stdout).toBe("imported true\nclosed\n");
  expect(child.status).toBe(0);
});
