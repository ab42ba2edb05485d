// Where `salestouch approvals` decides: the server's approval routes with the configured key
// (remote mode; the key needs approvals.decide), or this machine's database as the person at it
// (local mode). Both answer with the same approval views.
import type { ApprovalView } from "@salestouch/contracts";
import type { Settings } from "@salestouch/host/settings";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./io.js";

export type ApprovalFilter = { status?: ApprovalView["status"]; limit?: number; cursor?: string };

export interface CliDesk {
  list(filter: ApprovalFilter): Promise<{ approvals: ApprovalView[]; next_cursor: string | null }>;
  get(id: string): Promise<ApprovalView>;
  approve(id: string, note?: string): Promise<ApprovalView>;
  deny(id: string, note?: string): Promise<ApprovalView>;
  close(): Promise<void>;
}

async function remoteDesk(settings: Settings): Promise<CliDesk> {
  const { connectRemote } = await import("./backend-remote.js");
  const remote = connectRemote(settings);
  return {
    list: (filter) => remote.call((client) => client.approvals.list(filter)),
    get: (id) => remote.call((client) => client.approvals.get(id)),
    approve: (id, note) => remote.call((client) => client.approvals.approve(id, note)),
    deny: (id, note) => remote.call((client) => client.approvals.deny(id, note)),
    close: async () => undefined,
  };
}

async function localDesk(settings: Settings, io: CliIo, debug: boolean, workspace: string): Promise<CliDesk> {
  const { openLocalDatabase } = await import("./local-database.js");
  const { CommandError } = await import("@salestouch/runtime");
  const local = await openLocalDatabase({ settings, io, debug });
  const principal = await local.keys.localPrincipal(workspace).catch(async (error: unknown) => {
    await local.close();
    throw error;
  });
  const desk = local.runtime.approvals;
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof CommandError) throw new CliError(error.code, error.message, { hint: error.hintFor("cli"), cause: error });
      throw error;
    }
  };
  return {
    list: (filter) => call(() => desk.list(principal, filter)),
    get: (id) => call(() => desk.get(principal, id)),
    approve: (id, note) => call(() => desk.approve(principal, id, { note })),
    deny: (id, note) => call(() => desk.deny(principal, id, { note })),
    close: () => local.close(),
  };
}

export function openDesk(options: { settings: Settings; io: CliIo; debug: boolean; workspace: string }): Promise<CliDesk> {
  return options.settings.mode === "remote"
    ? remoteDesk(options.settings)
    : localDesk(options.settings, options.io, options.debug, options.workspace);
}
