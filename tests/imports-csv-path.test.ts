// import.csv with csv_path in local mode: the runtime streams a file from disk (no server between).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Envelope } from "@salestouch/contracts";
import { openRuntime, type LocalRuntime } from "@salestouch/host";
import type { Principal } from "@salestouch/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const PEOPLE = 20_000;
const REPEATS = 1_500;
const INVALID = 500;

let dir: ReturnType<typeof tempDir>;
let local: LocalRuntime;
let principal: Principal;
let file: string;

function data<T>(envelope: Envelope): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.data as T;
}

const run = (commandId: string, input: unknown) => local.runtime.execute(commandId, input, { principal });

beforeAll(async () => {
  dir = tempDir("csv-path-");
  local = await openRuntime({ databaseUrl: join(dir.path, "local.db"), validateOutputs: true });
  principal = await local.keys.localPrincipal();
  const lines = ["First Name,Last Name,Email,Company Name,Title"];
  for (let i = 1; i <= PEOPLE; i++) lines.push(`Person,${i},p${i}@x.example,Company ${i % 97},Title ${i % 13}`);
  for (let i = 1; i <= REPEATS; i++) lines.push(`Person,${i},P${i}@X.example,,`);
  for (let i = 1; i <= INVALID; i++) lines.push(`Broken,${i},broken-${i},Nowhere,`);
  file = join(dir.path, "leads.csv");
  writeFileSync(file, `${lines.join("\r\n")}\r\n`);
});
afterAll(async () => {
  await local.close();
  dir.remove();
});

describe("import.csv with csv_path in local mode", () => {
  it("streams the file into the mission with every row counted", async () => {
    const missionId = data<{ mission: { id: string } }>(await run("mission.create", { name: "From disk" })).mission.id;
    const result = data<Record<string, unknown>>(await run("import.csv", { mission_id: missionId, name: "leads.csv", csv_path: file }));
    expect(result).toMatchObject({
      created_count: PEOPLE,
      skipped_count: REPEATS,
      invalid_count: INVALID,
      updated_count: 0,
      row_count: PEOPLE + REPEATS + INVALID,
      added_to_mission_count: PEOPLE,
      invalid_rows_truncated: true,
    });
    expect((result["invalid_rows"] as { row: number }[])[0]).toMatchObject({ row: PEOPLE + REPEATS + 2, field: "email" });
    const mission = data<{ mission: { stats: unknown } }>(await run("mission.get", { mission_id: missionId })).mission;
    expect(mission.stats).toEqual({ leads: PEOPLE, contacted: 0, replied: 0 });
    const again = data<Record<string, unknown>>(await run("import.csv", { mission_id: missionId, name: "leads.csv again", csv_path: file }));
    expect(again).toMatchObject({ already_exists: true, import_id: result["import_id"] });
  });

  it("reports a file that cannot be read as invalid_input on csv_path", async () => {
    const missionId = data<{ mission: { id: string } }>(await run("mission.create", { name: "Missing file" })).mission.id;
    const envelope = await run("import.csv", { mission_id: missionId, name: "nothing", csv_path: join(dir.path, "missing.csv") });
    expect(envelope.ok ? null : envelope.error).toMatchObject({ code: "invalid_input", details: [{ path: "/csv_path" }] });
  });
});
