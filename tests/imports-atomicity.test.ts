// An import is atomic: a process killed (SIGKILL) in the middle of a large csv_path import leaves no
// import, lead, mission link or import lead behind, and the database takes the next import.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Envelope } from "@salestouch/contracts";
import { openRuntime } from "@salestouch/host";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const ROWS = 300_000;
const require = createRequire(import.meta.url);
const moduleUrl = (name: string) => pathToFileURL(require.resolve(name)).href;

/** The child: opens the runtime on the file, creates a mission, then imports the big CSV. */
const CHILD = `
const { openRuntime } = await import(process.env.HOST_MODULE);
const { createJsonLogger } = await import(process.env.RUNTIME_MODULE);
const logger = createJsonLogger({ level: "debug", write: (line) => process.stderr.write(line) });
const local = await openRuntime({ databaseUrl: process.env.DATABASE_FILE, logger, validateOutputs: false });
const principal = await local.keys.localPrincipal();
const created = await local.runtime.execute("mission.create", { name: "Interrupted" }, { principal });
process.stdout.write(JSON.stringify({ mission_id: created.data.mission.id }) + "\\n");
const result = await local.runtime.execute("import.csv", { mission_id: created.data.mission.id, name: "big.csv", csv_path: process.env.CSV_FILE }, { principal });
process.stdout.write("finished " + JSON.stringify(result.ok) + "\\n");
`;

let dir: ReturnType<typeof tempDir>;

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write("First Name,Last Name,Email,Company\n");
  for (let i = 0; i < ROWS; i++) {
    if (!out.write(`Lead,${i},lead${i}@big.example,Company ${i % 500}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Runs the child until its import has written rows, then kills it; resolves with its mission id. */
function importThenKill(databaseFile: string, csvFile: string): Promise<{ missionId: string; signal: NodeJS.Signals | null; finished: boolean }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD], {
    env: {
      ...process.env,
      HOST_MODULE: moduleUrl("@salestouch/host"),
      RUNTIME_MODULE: moduleUrl("@salestouch/runtime"),
      DATABASE_FILE: databaseFile,
      CSV_FILE: csvFile,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    // The first progress line means thousands of rows sit in the open transaction.
    if (stderr.includes('"msg":"import progress"')) child.kill("SIGKILL");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      const first = stdout.split("\n")[0] ?? "";
      if (!first.startsWith("{")) reject(new Error(`the child did not create its mission: ${stderr.slice(-2000)}`));
      else resolve({ missionId: (JSON.parse(first) as { mission_id: string }).mission_id, signal, finished: stdout.includes("finished") });
    });
  });
}

beforeAll(async () => {
  dir = tempDir("atomic-import-");
  await writeCsv(join(dir.path, "big.csv"));
});
afterAll(() => {
  dir.remove();
});

describe("an import killed mid-way", () => {
  it("leaves nothing of itself behind, and the next import runs", async () => {
    const databaseFile = join(dir.path, "local.db");
    const { missionId, signal, finished } = await importThenKill(databaseFile, join(dir.path, "big.csv"));
    expect(signal).toBe("SIGKILL");
    expect(finished).toBe(false);

    const local = await openRuntime({ databaseUrl: databaseFile, validateOutputs: true });
    try {
      const principal = await local.keys.localPrincipal();
      const run = async (id: string, input: unknown) => {
        const envelope: Envelope = await local.runtime.execute(id, input, { principal });
        if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
        return envelope.data as Record<string, unknown>;
      };
      const mission = (await run("mission.get", { mission_id: missionId }))["mission"] as { stats: unknown; imports: unknown[] };
      expect(mission.stats).toEqual({ leads: 0, contacted: 0, replied: 0 });
      expect(mission.imports).toEqual([]);
      expect(await run("lead.search", { limit: 100 })).toEqual({ leads: [], count: 0 });
      const next = await run("import.csv", { mission_id: missionId, name: "small.csv", csv: "Email\nada@analytical.example\n" });
      expect(next).toMatchObject({ created_count: 1, already_exists: false });
    } finally {
      await local.close();
    }
  });
});
