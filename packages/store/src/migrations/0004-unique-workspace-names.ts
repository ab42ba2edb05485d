// Workspace names are unique, so two replicas creating the "default" workspace at the same moment
// end up with one (the loser's transaction runs again and finds the winner's row).
import type { Kysely, Migration } from "kysely";

export const uniqueWorkspaceNames: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("workspaces_name").on("workspaces").column("name").unique().execute();
  },
};
