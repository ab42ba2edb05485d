// Which permission applies to a call (docs/approvals.md "Permissions"): the command's
// default_permission, overridden by the workspace's starting rules for API keys, overridden by
// workspace rules, overridden by the API key's rules; within each, a rule on "*" < on the
// category < on the command id. The most specific rule wins.
import type { Descriptor, Permission } from "@salestouch/contracts";
import { DECIDE_SCOPE, type Principal } from "./auth.js";
import type { PermissionRuleRecord } from "./kernel-store.js";

export const WORKSPACE_SUBJECT = "workspace";
/**
 * The subject of a workspace's starting rules: they apply to every API key (never to a person at
 * the machine) and rank below every workspace and key rule, so any rule a person sets wins.
 */
export const API_KEYS_SUBJECT = "api_keys";

export interface PermissionDecision {
  permission: Permission;
  /** The rule that decided, in words: `default_permission of x`, `workspace rule imports: ask`, … */
  source: string;
  /** The rule itself; null when the spec default decided. */
  rule: PermissionRuleRecord | null;
}

function rank(rule: PermissionRuleRecord, descriptor: Descriptor, keyId: string | null): number {
  const target = rule.target === descriptor.command_id ? 3 : rule.target === descriptor.category ? 2 : rule.target === "*" ? 1 : -1;
  if (target < 0) return -1;
  if (rule.subject === API_KEYS_SUBJECT) return keyId === null ? -1 : target / 10;
  const subject = rule.subject === WORKSPACE_SUBJECT ? 0 : rule.subject === keyId && keyId !== null ? 3 : -1;
  return subject < 0 ? -1 : subject + target;
}

export function describeRule(rule: PermissionRuleRecord): string {
  const whose =
    rule.subject === WORKSPACE_SUBJECT
      ? "workspace rule"
      : rule.subject === API_KEYS_SUBJECT
        ? "starting rule for API keys"
        : `rule of API key ${rule.subject}`;
  return `${whose} ${rule.target}: ${rule.permission}`;
}

export function resolvePermission(descriptor: Descriptor, rules: readonly PermissionRuleRecord[], keyId: string | null): PermissionDecision {
  let best: PermissionRuleRecord | null = null;
  let bestRank = -1;
  for (const rule of rules) {
    const r = rank(rule, descriptor, keyId);
    if (r > bestRank) {
      best = rule;
      bestRank = r;
    }
  }
  if (best === null) return { permission: descriptor.default_permission, source: `default_permission of ${descriptor.command_id}`, rule: null };
  return { permission: best.permission, source: describeRule(best), rule: best };
}

/** A person at the machine, or an API key granted approvals.decide explicitly. */
export function canDecide(principal: Principal): boolean {
  return principal.kind === "local" || principal.scopes.includes(DECIDE_SCOPE);
}
