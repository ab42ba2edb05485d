// A held call stores what its preview was bound to: digests of the preview, of every record the
// preview read and of the outside state it observed (docs/approvals.md "What an approval is bound
// to"). Requests held before this migration have none; approving them compares the preview alone.
import type { Kysely, Migration } from "kysely";

export const approvalBindings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("approval_requests").addColumn("binding_json", "text").execute();
  },
};
