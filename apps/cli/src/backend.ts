// Where `commands run` sends a command: the runtime in this process on the embedded database
// (local mode) or a server over HTTP (remote mode). Both answer with the same envelope. Each
// mode's modules are imported only when that mode is used, so a call loads what it needs.
import type { Envelope, ResponseProfile } from "@salestouch/contracts";
import type { Settings } from "@salestouch/host/settings";
import type { CliIo } from "./io.js";

/** What `commands run` may send besides the input (--approval, --idempotency-key). */
interface RunExtras {
  approvalRequestId?: string;
  idempotencyKey?: string;
}

export interface Backend {
  run(commandId: string, input: unknown, profile: ResponseProfile, extras?: RunExtras): Promise<Envelope>;
  close(): Promise<void>;
}

export interface BackendOptions {
  settings: Settings;
  io: CliIo;
  debug: boolean;
  /** --json: nothing but the envelope, so no progress bar on stderr. */
  json?: boolean;
}

export async function openBackend(options: BackendOptions): Promise<Backend> {
  if (options.settings.mode === "remote") {
    const { openRemoteBackend } = await import("./backend-remote.js");
    return openRemoteBackend(options.settings, options.io, options.json === true);
  }
  const { openLocalBackend } = await import("./backend-local.js");
  return openLocalBackend(options);
}
