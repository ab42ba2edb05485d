// import.csv — spec/commands/import.csv.json
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { CommandError, canonicalJson } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { csvProblem, openCsv, type CsvSource } from "./csv-source.js";
import { earlierImport, activeMission, ImportRun } from "./run.js";

export function checkSource(input: In<"import.csv">, ctx: Ctx): CsvSource {
  if ((input.csv === undefined) === (input.csv_path === undefined)) {
    throw new CommandError("invalid_input", "import.csv needs exactly one of csv and csv_path", {
      details: [{ path: "/csv", message: "give the CSV text as csv, or (local mode only) a file path as csv_path" }],
    });
  }
  if (input.csv_path !== undefined && ctx.principal.kind !== "local") {
    // A server must never read files of its own machine on a caller's behalf.
    throw new CommandError("invalid_input", "csv_path is accepted in local mode only", {
      details: [{ path: "/csv_path", message: "send the file's content as csv instead (for example salestouch commands run import.csv --input-file input.json)" }],
    });
  }
  return { text: input.csv, path: input.csv_path, delimiter: input.delimiter, columns: input.columns };
}

/** The name a csv_path's content is bound by when an import is held for approval (ctx.observe). */
export const CSV_PATH_CONTENT = "the content of csv_path";

export async function hashFile(source: CsvSource): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(source.path!)) hash.update(chunk as Buffer);
  } catch (error) {
    throw csvProblem(error, source);
  }
  return hash.digest("hex");
}

/** The same content with the same columns and delimiter is the same source. */
function sourceHash(contentHash: string, source: CsvSource): string {
  return createHash("sha256").update(canonicalJson({ kind: "csv", content: contentHash, columns: source.columns ?? {}, delimiter: source.delimiter ?? null })).digest("hex");
}

export async function importCsv(input: In<"import.csv">, ctx: Ctx): Promise<Out<"import.csv">> {
  const source = checkSource(input, ctx);
  const mission = await activeMission(ctx, input.mission_id);
  const contentHash = source.text !== undefined ? createHash("sha256").update(source.text, "utf8").digest("hex") : await hashFile(source);
  // Held for approval, the file must still be the one the preview read (and stays so, below).
  if (source.path !== undefined) ctx.observe(CSV_PATH_CONTENT, contentHash);
  const earlier = await earlierImport(ctx, mission, sourceHash(contentHash, source));
  if (earlier) return earlier;
  const reader = await openCsv(source);
  if (reader.mapping.ignored.length > 0) ctx.warn(`ignored CSV columns that map to no lead field: ${reader.mapping.ignored.join(", ")}`);
  const run = await ImportRun.start(ctx, mission, {
    missionId: mission.id, name: input.name, type: input.type ?? "csv", sourceUrl: input.source_url, context: input.context,
    metadata: input.metadata, sourceHash: sourceHash(contentHash, source),
  });
  for await (const { row, lead } of reader.rows) await run.add(row, lead);
  if (reader.digest() !== contentHash) {
    throw new CommandError("conflict", `csv_path ${source.path} changed while it was being imported; nothing was imported`, {
      hint: "Import the file again once nothing is writing to it.",
    });
  }
  return run.finish(reader.mapping.columns);
}
