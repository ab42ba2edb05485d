// Shared by the administration verbs that work on this machine's database in either mode (keys,
// policy, outbox): open it, resolve a workspace by name, and report failures as plain errors.
import type { LocalRuntime } from "@salestouch/host";
import { resolveSettings, type Settings } from "@salestouch/host/settings";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { writeFailure, type OutputContext } from "../output.js";
import { isDebug, type VerbContext } from "./context.js";

export type AdminAction = (local: LocalRuntime, out: OutputContext) => Promise<number>;

/** `beforeOpen` may warn about the settings (e.g. that remote mode does not reach these keys). */
export async function withLocalDatabase(
  command: Command,
  json: boolean,
  ctx: VerbContext,
  action: AdminAction,
  beforeOpen?: (settings: Settings, out: OutputContext) => void,
): Promise<void> {
  const out: OutputContext = { io: ctx.io, json, debug: isDebug(command) };
  try {
    const settings = resolveSettings({ env: ctx.io.env, cwd: ctx.io.cwd });
    beforeOpen?.(settings, out);
    const { openLocalDatabase } = await import("../local-database.js");
    const local = await openLocalDatabase({ settings, io: ctx.io, debug: out.debug });
    try {
      ctx.setExitCode(await action(local, out));
    } finally {
      await local.close();
    }
  } catch (error) {
    ctx.setExitCode(writeFailure(error, out));
  }
}

/**
 * The workspace with this name. It must exist, except the default workspace, which every local
 * command creates on first use anyway (so a rule can be set before anything else ran).
 */
export async function workspaceNamed(local: LocalRuntime, name: string): Promise<{ id: string; name: string }> {
  if (name === "default") return local.keys.ensureWorkspace(name);
  const workspace = await local.store.repositories.workspaces.findByName(name);
  if (!workspace)
    throw new CliError("not_found", `no workspace is named "${name}"`, {
      hint: "`salestouch keys list` shows every workspace's keys; keys create --workspace <name> creates one.",
    });
  return workspace;
}

/** A Error from host validation (bad target, bad permission) as invalid input. */
export function asInvalid(error: unknown, hint: string): never {
  if (error instanceof CliError) throw error;
  throw new CliError("invalid_input", (error as Error).message, { hint });
}
