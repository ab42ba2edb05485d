// Idempotency keys: the first successful result of a mutating call, by workspace, caller and key.
// A unique index makes a second insert of the same key fail, on every replica.
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { IdempotencyKeyTable } from "../schema-approvals.js";

export type IdempotencyRow = Selectable<IdempotencyKeyTable>;

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(workspaceId: string, principal: string, key: string): Promise<IdempotencyRow | undefined> {
    return this.db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("principal", "=", principal)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
  }

  async insert(row: IdempotencyRow): Promise<void> {
    await this.db.insertInto("idempotency_keys").values(row).execute();
  }

  async updateResult(workspaceId: string, principal: string, key: string, resultJson: string): Promise<void> {
    await this.db
      .updateTable("idempotency_keys")
      .set({ result_json: resultJson })
      .where("workspace_id", "=", workspaceId)
      .where("principal", "=", principal)
      .where("idempotency_key", "=", key)
      .execute();
  }
}
