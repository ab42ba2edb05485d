// import.leads — spec/commands/import.leads.json
import { canonicalSha256, pacer } from "@salestouch/runtime";
import type { Ctx, In, Out } from "../context.js";
import type { LeadInput } from "../leads/draft.js";
import type { ImportProgressBoard } from "./progress.js";
import { earlierImport, activeMission, ImportRun } from "./run.js";

export function importLeads(board: ImportProgressBoard) {
  return async (input: In<"import.leads">, ctx: Ctx): Promise<Out<"import.leads">> => {
    const mission = await activeMission(ctx, input.mission_id);
    // The same rows in the same order are the same source, whatever the import is called.
    const sourceHash = await canonicalSha256({ kind: "leads", leads: input.leads }, pacer());
    const earlier = await earlierImport(ctx, mission, sourceHash);
    if (earlier) return earlier;
    const run = await ImportRun.start(
      ctx,
      mission,
      {
        missionId: mission.id,
        name: input.name,
        type: input.type ?? "manual",
        sourceUrl: input.source_url,
        context: input.context,
        metadata: input.metadata,
        sourceHash,
        sourceFit: input.source_fit,
        intentSignal: input.intent_signal,
        freshness: input.freshness,
      },
      { board, source: "leads" },
    );
    try {
      for (const [index, row] of input.leads.entries()) await run.add(index + 1, row as LeadInput);
      return await run.finish(null);
    } finally {
      run.close();
    }
  };
}
