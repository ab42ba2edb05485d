// The permissions part of `salestouch config show`: which commands are held for approval (ask) or
// refused (deny) for whoever this CLI runs as — the server's answer for the configured key in
// remote mode, the default workspace's rules on this machine in local mode. Never fails the verb.
import { existsSync } from "node:fs";
import type { Settings } from "@salestouch/host/settings";
import type { CliIo } from "./io.js";

export interface PermissionSummary {
  /** Whose permissions these are. */
  for: string;
  ask: string[];
  deny: string[];
  /** Why they could not be read, when they could not. */
  problem?: string;
  /** Local mode: what an API key of the default workspace with no rules of its own may run (the starting policy, unless relaxed). */
  api_keys?: { ask: string[]; deny: string[] };
}

type Entry = { command_id: string; permission: string };

function summarise(who: string, entries: readonly Entry[]): PermissionSummary {
  return {
    for: who,
    ask: entries.filter((e) => e.permission === "ask").map((e) => e.command_id),
    deny: entries.filter((e) => e.permission === "deny").map((e) => e.command_id),
  };
}

/** A diagnostic must not hang on a server that does not answer. */
const REMOTE_TIMEOUT_MS = 3000;

async function remote(settings: Settings): Promise<PermissionSummary> {
  const { connectRemote } = await import("./backend-remote.js");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not answer within ${REMOTE_TIMEOUT_MS / 1000} s`)), REMOTE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const entries = await Promise.race([connectRemote(settings).call((client) => client.permissions()), timeout]);
    return summarise("the configured API key, as the server answers", entries);
  } finally {
    clearTimeout(timer);
  }
}

async function local(settings: Settings, io: CliIo): Promise<PermissionSummary> {
  const who = "the default workspace on this machine (`salestouch policy list`)";
  const url = settings.database.url;
  // config show never creates a database: no file yet means no rules yet.
  if (!/^postgres(ql)?:\/\//i.test(url) && !existsSync(url.replace(/^sqlite:/, ""))) return summarise(who, []);
  const { openLocalDatabase } = await import("./local-database.js");
  const opened = await openLocalDatabase({ settings, io, debug: false });
  try {
    const workspace = await opened.store.repositories.workspaces.findByName("default");
    if (!workspace) return summarise(who, []);
    const summary = summarise(who, await opened.policy.effective({ workspaceId: workspace.id, keyId: null, scopes: ["*"], kind: "local" }));
    return { ...summary, api_keys: await opened.policy.forAnyKey(workspace.id) };
  } finally {
    await opened.close();
  }
}

export async function permissionSummary(settings: Settings, io: CliIo): Promise<PermissionSummary> {
  try {
    return settings.mode === "remote" ? await remote(settings) : await local(settings, io);
  } catch (error) {
    return { for: settings.mode === "remote" ? "the configured API key" : "this machine", ask: [], deny: [], problem: (error as Error).message };
  }
}

export function describeSummary(summary: PermissionSummary): string {
  if (summary.problem) return `unknown — ${summary.problem}`;
  const list = (ids: string[]) => (ids.length === 0 ? "none" : ids.join(", "));
  const keys = summary.api_keys
    ? `; for its API keys, ask: ${list(summary.api_keys.ask)}; deny: ${list(summary.api_keys.deny)} (relax with \`salestouch policy set imports allow\`)`
    : "";
  return `ask (held for approval): ${list(summary.ask)}; deny: ${list(summary.deny)} — for ${summary.for}${keys}`;
}
