// Local mode: the runtime in this process, on the embedded database the server uses by default,
// acting as the person at this machine (every scope of the default workspace).
import type { Backend, BackendOptions } from "./backend.js";
import { openLocalDatabase } from "./local-database.js";

export async function openLocalBackend(options: BackendOptions): Promise<Backend> {
  const local = await openLocalDatabase({ settings: options.settings, io: options.io, debug: options.debug });
  try {
    const principal = await local.keys.localPrincipal();
    return {
      run: (commandId, input, profile, extras = {}) => local.runtime.execute(commandId, input, { principal, profile, surface: "cli", ...extras }),
      // Rescoring a command queued (a profile change) is finished before the process exits.
      close: async () => {
        try {
          await local.jobs.drain();
        } finally {
          await local.close();
        }
      },
    };
  } catch (error) {
    await local.close();
    throw error;
  }
}
