// import.csv — spec/commands/import.csv.json
import { createReadStream } from "node:fs";
import { canonicalJson, CommandError, nodeCrypto, pacer, sha256Text } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import { csvProblem, openCsv, type CsvSource } from "./csv-source.js";
import type { ImportProgressBoard } from "./progress.js";
import { earlierImport, activeMission, ImportRun } from "./run.js";
import type { UploadSource } from "./uploads.js";

/** A CSV source resolved: text, a local file, or an upload of the caller's workspace. */
export interface ResolvedCsv extends CsvSource {
  field: "csv" | "csv_path" | "upload_id";
  /** sha256 of the content when already known (an upload's, computed as it was received). */
  contentHash?: string;
  sizeBytes?: number;
}

const SOURCES = ["csv", "csv_path", "upload_id"] as const;

export async function resolveSource(input: In<"import.csv">, ctx: Ctx, uploads: UploadSource): Promise<ResolvedCsv> {
  const given = SOURCES.filter((field) => input[field] !== undefined);
  if (given.length !== 1) {
    throw new CommandError(
      "invalid_input",
      `import.csv needs exactly one of csv, csv_path and upload_id${given.length > 1 ? `, not ${given.join(" and ")}` : ""}`,
      {
        details: [
          {
            path: `/${given[1] ?? "csv"}`,
            message: "give the CSV text as csv, an uploaded file's upload_id (POST /api/v1/uploads), or (local mode only) a file path as csv_path",
          },
        ],
      },
    );
  }
  const base = { delimiter: input.delimiter, columns: input.columns };
  if (input.csv_path !== undefined) {
    if (ctx.principal.kind !== "local") {
      // A server must never read files of its own machine on a caller's behalf.
      throw new CommandError("invalid_input", "csv_path is accepted in local mode only", {
        details: [
          {
            path: "/csv_path",
            message:
              "upload the file (POST /api/v1/uploads, Content-Type: text/csv) and give its upload_id, or send the file's content as csv; the CLI in remote mode uploads a csv_path for you",
          },
        ],
      });
    }
    return { ...base, field: "csv_path", path: input.csv_path };
  }
  if (input.upload_id !== undefined) {
    const upload = await uploads.find(ctx.principal.workspaceId, input.upload_id);
    if (!upload) {
      throw new CommandError("not_found", `upload ${input.upload_id} does not exist in this workspace (unknown, expired or deleted)`, {
        hint: "Upload the file with POST /api/v1/uploads (Content-Type: text/csv) and use the upload_id it answers; uploads expire (SALESTOUCH_UPLOAD_TTL, default 24h).",
      });
    }
    return { ...base, field: "upload_id", path: upload.path, contentHash: upload.sha256, sizeBytes: upload.sizeBytes };
  }
  return { ...base, field: "csv", text: input.csv };
}

/** The name a csv_path's content is bound by when an import is held for approval (ctx.observe). */
export const CSV_PATH_CONTENT = "the content of csv_path";

export async function hashFile(source: CsvSource): Promise<string> {
  const hash = nodeCrypto().createHash("sha256");
  try {
    for await (const chunk of createReadStream(source.path!)) hash.update(chunk as Buffer);
  } catch (error) {
    throw csvProblem(error, source);
  }
  return hash.digest("hex");
}

/** The same content with the same columns and delimiter is the same source, whichever field brought it. */
function sourceHash(contentHash: string, source: CsvSource): string {
  return nodeCrypto()
    .createHash("sha256")
    .update(canonicalJson({ kind: "csv", content: contentHash, columns: source.columns ?? {}, delimiter: source.delimiter ?? null }))
    .digest("hex");
}

export function importCsv(uploads: UploadSource, board: ImportProgressBoard) {
  return async (input: In<"import.csv">, ctx: Ctx): Promise<Out<"import.csv">> => {
    const source = await resolveSource(input, ctx, uploads);
    const mission = await activeMission(ctx, input.mission_id);
    const contentHash = source.text !== undefined ? await sha256Text(source.text, pacer()) : (source.contentHash ?? (await hashFile(source)));
    // Held for approval, a csv_path must still be the file the preview read (and stays so, below);
    // an upload's content is fixed by its id, which is in the input.
    if (source.field === "csv_path") ctx.observe(CSV_PATH_CONTENT, contentHash);
    const earlier = await earlierImport(ctx, mission, sourceHash(contentHash, source));
    if (earlier) return earlier;
    const reader = await openCsv(source);
    if (reader.mapping.ignored.length > 0) ctx.warn(`ignored CSV columns that map to no lead field: ${reader.mapping.ignored.join(", ")}`);
    const total = source.sizeBytes;
    const run = await ImportRun.start(
      ctx,
      mission,
      {
        missionId: mission.id,
        name: input.name,
        type: input.type ?? "csv",
        sourceUrl: input.source_url,
        context: input.context,
        metadata: input.metadata,
        sourceHash: sourceHash(contentHash, source),
        sourceFit: input.source_fit,
        intentSignal: input.intent_signal,
        freshness: input.freshness,
      },
      {
        board,
        source: source.field,
        bytes: source.path !== undefined ? () => ({ read: reader.bytesRead(), total: total ?? reader.bytesRead() }) : undefined,
      },
    );
    try {
      for await (const { row, lead } of reader.rows) await run.add(row, lead);
      if (reader.digest() !== contentHash) {
        throw new CommandError("conflict", `${source.field} ${source.path} changed while it was being imported; nothing was imported`, {
          hint: "Import the file again once nothing is writing to it.",
        });
      }
      return await run.finish(reader.mapping.columns);
    } finally {
      run.close();
    }
  };
}
