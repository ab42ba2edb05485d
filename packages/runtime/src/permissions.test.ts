import { registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { hasScope, parseScopes } from "./auth.js";
import type { PermissionRuleRecord } from "./kernel-store.js";
import { canDecide, resolvePermission } from "./permissions.js";

const descriptor = { ...registry["mission.create"].descriptor, default_permission: "allow" as const };
const rule = (subject: string, target: string, permission: PermissionRuleRecord["permission"]): PermissionRuleRecord => ({
  subject,
  target,
  permission,
});

const cases: [string, { rules: PermissionRuleRecord[]; keyId: string | null; want: string; source: RegExp }][] = [
  ["the spec default without rules", { rules: [], keyId: "key_a", want: "allow", source: /default_permission of mission\.create/ }],
  [
    "a workspace rule on * over the default",
    { rules: [rule("workspace", "*", "ask")], keyId: "key_a", want: "ask", source: /workspace rule \*: ask/ },
  ],
  [
    "a workspace category rule over a workspace * rule",
    { rules: [rule("workspace", "*", "deny"), rule("workspace", "missions", "ask")], keyId: null, want: "ask", source: /workspace rule missions/ },
  ],
  [
    "a workspace command rule over its category rule",
    {
      rules: [rule("workspace", "missions", "deny"), rule("workspace", "mission.create", "allow")],
      keyId: null,
      want: "allow",
      source: /mission\.create: allow/,
    },
  ],
  [
    "a key category rule over a workspace command rule",
    {
      rules: [rule("workspace", "mission.create", "allow"), rule("key_a", "missions", "ask")],
      keyId: "key_a",
      want: "ask",
      source: /rule of API key key_a missions: ask/,
    },
  ],
  [
    "a key command rule over the key's category rule",
    {
      rules: [rule("key_a", "missions", "deny"), rule("key_a", "mission.create", "ask")],
      keyId: "key_a",
      want: "ask",
      source: /key_a mission\.create: ask/,
    },
  ],
  ["only the calling key's rules", { rules: [rule("key_b", "mission.create", "deny")], keyId: "key_a", want: "allow", source: /default_permission/ }],
  ["no key rule for a local principal", { rules: [rule("key_a", "*", "deny")], keyId: null, want: "allow", source: /default_permission/ }],
  [
    "a starting rule for API keys over the default",
    { rules: [rule("api_keys", "mission.create", "ask")], keyId: "key_a", want: "ask", source: /starting rule for API keys mission\.create: ask/ },
  ],
  [
    "no starting rule for a local principal",
    { rules: [rule("api_keys", "mission.create", "ask")], keyId: null, want: "allow", source: /default_permission/ },
  ],
  [
    "a workspace * rule over a starting command rule",
    {
      rules: [rule("api_keys", "mission.create", "ask"), rule("workspace", "*", "allow")],
      keyId: "key_a",
      want: "allow",
      source: /workspace rule \*: allow/,
    },
  ],
  [
    "nothing from rules on other categories or commands",
    {
      rules: [rule("workspace", "imports", "deny"), rule("workspace", "mission.get", "deny")],
      keyId: null,
      want: "allow",
      source: /default_permission/,
    },
  ],
];

describe("resolvePermission", () => {
  it.each(cases)("applies %s", (_name, { rules, keyId, want, source }) => {
    const decision = resolvePermission(descriptor, rules, keyId);
    expect(decision.permission).toBe(want);
    expect(decision.source).toMatch(source);
  });
});

describe("the approvals.decide scope", () => {
  it("is not part of *", () => {
    expect(hasScope({ workspaceId: "w", keyId: "k", scopes: ["*"], kind: "api_key" }, "approvals.decide")).toBe(false);
    expect(canDecide({ workspaceId: "w", keyId: "k", scopes: ["*"], kind: "api_key" })).toBe(false);
  });

  it("is granted by name, and to a person at the machine", () => {
    expect(canDecide({ workspaceId: "w", keyId: "k", scopes: parseScopes("*,approvals.decide"), kind: "api_key" })).toBe(true);
    expect(canDecide({ workspaceId: "w", keyId: null, scopes: ["*"], kind: "local" })).toBe(true);
  });
});
