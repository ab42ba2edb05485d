// Permission rules of a workspace and of its API keys: allow, ask or deny on "*", a category or a
// command id. One rule per workspace, subject and target (a unique index), so setting one twice
// replaces it.
import type { Kysely, Selectable } from "kysely";
import type { AccessCache, AccessRead } from "../access-cache.js";
import type { Database } from "../schema.js";
import type { PermissionRuleTable } from "../schema-approvals.js";

export type PermissionRuleRow = Selectable<PermissionRuleTable>;

/** The subject of a rule that applies to every caller of the workspace. */
export const WORKSPACE_SUBJECT = "workspace";
/** The subject of the workspace's starting rules, which apply to every API key of it (not to local use). */
export const API_KEYS_SUBJECT = "api_keys";

export class PermissionRuleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cache: AccessCache | null = null,
  ) {}

  /**
   * The workspace's rules and, for an API key, that key's rules. `read` is the access cache's read
   * made by this request's key lookup (ApiKeyRepository.findForRequest): given, the cache is not
   * read again. A value, not a promise, when the cache answers at once.
   */
  forPrincipal(
    workspaceId: string,
    keyId: string | null,
    read?: AccessRead,
  ): readonly Readonly<PermissionRuleRow>[] | Promise<readonly Readonly<PermissionRuleRow>[]> {
    const load = () =>
      this.db
        .selectFrom("permission_rules")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .where("subject", "in", keyId === null ? [WORKSPACE_SUBJECT] : [WORKSPACE_SUBJECT, API_KEYS_SUBJECT, keyId])
        .execute();
    if (!this.cache) return load();
    const rules = this.cache.permissionRules(workspaceId, keyId, load, read);
    return rules instanceof Promise ? rules.then((found) => found ?? []) : (rules ?? []);
  }

  async list(workspaceId: string): Promise<PermissionRuleRow[]> {
    return this.db.selectFrom("permission_rules").selectAll().where("workspace_id", "=", workspaceId).orderBy("subject").orderBy("target").execute();
  }

  /** Sets the rule for (subject, target), replacing one that exists. */
  async put(row: PermissionRuleRow): Promise<void> {
    await this.db
      .insertInto("permission_rules")
      .values(row)
      .onConflict((oc) => oc.columns(["workspace_id", "subject", "target"]).doUpdateSet({ permission: row.permission, updated_at: row.updated_at }))
      .execute();
    this.cache?.invalidate();
  }

  /** True when a rule was removed. */
  async remove(workspaceId: string, subject: string, target: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("permission_rules")
      .where("workspace_id", "=", workspaceId)
      .where("subject", "=", subject)
      .where("target", "=", target)
      .executeTakeFirst();
    this.cache?.invalidate();
    return Number(result.numDeletedRows) > 0;
  }
}
