// import.progress — spec/commands/import.progress.json
import type { Ctx, In, Out } from "../context.js";
import type { ImportProgressBoard } from "./progress.js";

export function importProgress(board: ImportProgressBoard) {
  return async (input: In<"import.progress">, ctx: Ctx): Promise<Out<"import.progress">> => {
    const running = board
      .list(ctx.principal.workspaceId)
      .filter(
        (entry) =>
          (input.mission_id === undefined || entry.mission.id === input.mission_id) &&
          (input.import_id === undefined || entry.import_id === input.import_id),
      )
      .map(({ workspace_id: _workspace, ...entry }) => ({ ...entry, mission: { ...entry.mission } }));
    let message: string;
    if (running.length > 0) message = `${running.length} import${running.length === 1 ? "" : "s"} running on this server.`;
    else if (input.import_id !== undefined) message = `Import ${input.import_id} is not running on this server; once finished, import.get shows it.`;
    else message = "No import is running on this server for this workspace.";
    return { imports: running, message };
  };
}
