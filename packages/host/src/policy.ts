// Permission rules: which commands a workspace, or one of its API keys, may run (allow), must have
// approved (ask) or may not run (deny). Targets are "*", a category or a command id; the runtime
// applies the most specific rule (docs/approvals.md "Permissions").
import { CATEGORIES, closestCommandIds, commandIds, PERMISSIONS, registry, type CommandId, type Permission } from "@salestouch/contracts";
import { commandFacts } from "@salestouch/contracts/facts";
import { resolvePermission, type IdGenerator, type Principal } from "@salestouch/runtime";
import { API_KEYS_SUBJECT, type PermissionRuleRow, type Store } from "@salestouch/store";

export interface RuleSpec {
  target: string;
  permission: Permission;
}

/**
 * The commands a mistyped id most likely meant: of the commands sharing its noun, those whose
 * title says its verb (`linkedin.draft.send` → linkedin.draft.approve, "Approve Or Send LinkedIn
 * Draft"), then the closest spellings.
 */
export function meantCommands(target: string): string[] {
  const dot = target.lastIndexOf(".");
  const noun = dot > 0 ? target.slice(0, dot + 1) : "";
  const verb = target.slice(dot + 1).toLowerCase();
  const byTitle =
    noun && verb.length >= 3
      ? commandIds.filter((id) => id.startsWith(noun) && new RegExp(`\\b${verb.replace(/[^a-z0-9]/g, "")}`, "i").test(registry[id].descriptor.title))
      : [];
  return [...new Set([...byTitle, ...closestCommandIds(target, [...commandIds, ...CATEGORIES])])].slice(0, 3);
}

/** Throws with the closest valid names when `target` is not "*", a category or a command id. */
export function checkTarget(target: string): void {
  if (target === "*" || (CATEGORIES as readonly string[]).includes(target) || (commandIds as readonly string[]).includes(target)) return;
  const close = meantCommands(target);
  throw new Error(
    `"${target}" is not a command id, a category or *${close.length > 0 ? `; did you mean ${close.join(", ")}?` : ""} (categories: ${CATEGORIES.join(", ")})`,
  );
}

export function checkPermission(permission: string): Permission {
  if ((PERMISSIONS as readonly string[]).includes(permission)) return permission as Permission;
  throw new Error(`"${permission}" is not a permission; use ${PERMISSIONS.join(", ")}`);
}

/** "imports=ask,linkedin.draft.approve=ask" (":" works too) → checked rules. */
export function parseRuleList(list: string): RuleSpec[] {
  return list
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([^=:\s]+)\s*[=:]\s*([a-z]+)$/.exec(part);
      if (!match) throw new Error(`"${part}" is not a rule; write target=permission, e.g. imports=ask or linkedin.draft.approve=deny`);
      checkTarget(match[1]!);
      return { target: match[1]!, permission: checkPermission(match[2]!) };
    });
}

/**
 * Commands that send a message out of the workspace. The published descriptor of
 * linkedin.draft.approve says risk `mutate` (approving without send_now changes only the draft),
 * but with send_now it dispatches a message that cannot be recalled, and its own when_to_use says
 * workspaces hold it for agent keys: the starting policy holds it with the approval-risk ones.
 */
const SENDS_MESSAGES: readonly CommandId[] = ["linkedin.draft.approve"];

/**
 * What a new workspace starts with: every approval-risk command, and every command that sends,
 * held (`ask`) for API keys. The published default_permission (allow) is unchanged, local use by
 * the person at the machine is not affected, and any rule a person sets outranks these
 * (`salestouch policy set imports allow`).
 */
export const STARTING_POLICY: readonly RuleSpec[] = commandIds
  .filter((id) => commandFacts[id].risk === "approval" || SENDS_MESSAGES.includes(id))
  .map((id) => ({ target: id, permission: "ask" as const }));

/** Stand-in key id for "any API key" when asking what the workspace's rules give keys. */
export const ANY_API_KEY = "key_any";

export interface EffectivePermission {
  command_id: string;
  permission: Permission;
  source: string;
}

export class PolicyService {
  constructor(
    private readonly store: Store,
    private readonly ids: IdGenerator,
  ) {}

  async list(workspaceId: string): Promise<PermissionRuleRow[]> {
    return this.store.reads.permissionRules.list(workspaceId);
  }

  /** Sets (or replaces) the rule; subject is "workspace" or an API key id of the workspace. */
  async set(workspaceId: string, subject: string, rule: RuleSpec): Promise<PermissionRuleRow> {
    checkTarget(rule.target);
    const now = new Date().toISOString();
    const row: PermissionRuleRow = {
      id: this.ids.next("prm"),
      workspace_id: workspaceId,
      subject,
      target: rule.target,
      permission: rule.permission,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction("write", (repos) => repos.permissionRules.put(row));
    return row;
  }

  async unset(workspaceId: string, subject: string, target: string): Promise<boolean> {
    return this.store.transaction("write", (repos) => repos.permissionRules.remove(workspaceId, subject, target));
  }

  /** Removes the workspace's starting rules (tests and `policy relax-keys`); true when there were any. */
  async removeStartingRules(workspaceId: string): Promise<boolean> {
    let removed = false;
    for (const rule of STARTING_POLICY)
      removed =
        (await this.store.transaction("write", (repos) => repos.permissionRules.remove(workspaceId, API_KEYS_SUBJECT, rule.target))) || removed;
    return removed;
  }

  /** The commands held (ask) or refused (deny) for an API key with no rules of its own. */
  async forAnyKey(workspaceId: string): Promise<{ ask: string[]; deny: string[] }> {
    const effective = await this.effective({ workspaceId, keyId: ANY_API_KEY, scopes: ["*"], kind: "api_key" });
    return {
      ask: effective.filter((e) => e.permission === "ask").map((e) => e.command_id),
      deny: effective.filter((e) => e.permission === "deny").map((e) => e.command_id),
    };
  }

  /** What each command resolves to for this principal, and which rule decided. */
  async effective(principal: Principal): Promise<EffectivePermission[]> {
    const rules = await this.store.reads.permissionRules.forPrincipal(principal.workspaceId, principal.keyId);
    return commandIds.map((id: CommandId) => {
      const decision = resolvePermission(registry[id].descriptor, rules, principal.keyId);
      return { command_id: id, permission: decision.permission, source: decision.source };
    });
  }
}
