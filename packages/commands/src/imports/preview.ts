// What approving a held import would do (the approval_output_schema of import.leads and
// import.csv): the mission, the import's name and type, and how much would be read. Checks what
// the import itself would refuse first (archived mission, bad source), and writes nothing.
import { stat } from "node:fs/promises";
import type { CommandTypes } from "@salestouch/contracts";
import type { Ctx, In } from "../context.js";
import { checkSource } from "./csv.js";
import { activeMission } from "./run.js";

type Preview<K extends "import.leads" | "import.csv"> = CommandTypes[K]["approval_output"];

export async function previewImportLeads(input: In<"import.leads">, ctx: Ctx): Promise<Preview<"import.leads">> {
  const mission = await activeMission(ctx, input.mission_id);
  return { mission: { id: mission.id, name: mission.name }, import_name: input.name.trim(), import_type: input.type ?? "manual", row_count: input.leads.length };
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

export async function previewImportCsv(input: In<"import.csv">, ctx: Ctx): Promise<Preview<"import.csv">> {
  const source = checkSource(input, ctx);
  const mission = await activeMission(ctx, input.mission_id);
  return {
    mission: { id: mission.id, name: mission.name },
    import_name: input.name.trim(),
    import_type: input.type ?? "csv",
    source: source.path !== undefined ? "csv_path" : "csv",
    csv_path: source.path ?? null,
    size_bytes: source.text !== undefined ? Buffer.byteLength(source.text, "utf8") : await sizeOf(source.path!),
    columns: input.columns ?? null,
  };
}
