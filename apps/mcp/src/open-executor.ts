// Where tool calls go, decided by the same settings as the CLI (env > project > global file):
// a remote server when a base URL is configured, else the runtime on the embedded database —
// opened on first use, so the database layer never delays initialize and tools/list.
import type { Settings } from "@salestouch/host/settings";
import { maskSecret } from "@salestouch/host/settings";
import { lazyExecutor, remoteExecutor, runtimeExecutor, type McpExecutor } from "@salestouch/mcp";
import type { Logger } from "@salestouch/runtime";

export interface OpenedExecutor {
  executor: McpExecutor;
  /** Opens what the first call would open (the database), to surface problems early. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

function remote(settings: Settings, logger: Logger): OpenedExecutor {
  const baseUrl = settings.baseUrl!;
  if (!settings.credential)
    logger.warn("remote mode without an API key: the server will refuse every call; set SALESTOUCH_API_KEY or apiKey in .salestouch/salestouch.json");
  logger.info("remote mode", {
    base_url: baseUrl.value,
    from: baseUrl.origin,
    key: settings.credential ? maskSecret(settings.credential.value) : null,
  });
  return {
    executor: remoteExecutor({ baseUrl: baseUrl.value, credential: settings.credential?.value }),
    warmUp: async () => undefined,
    close: async () => undefined,
  };
}

function local(settings: Settings, logger: Logger): OpenedExecutor {
  let closeStore: (() => Promise<void>) | undefined;
  const executor = lazyExecutor(async () => {
    const host = await import("@salestouch/host");
    const opened = await host.openRuntime({ databaseUrl: settings.database.url, logger, config: settings.config });
    closeStore = () => opened.close();
    opened.jobs.start();
    const principal = await opened.keys.localPrincipal();
    const where = { database: opened.store.location, from: settings.database.source };
    // Which database, said where the host's log shows it (stderr): a server started elsewhere with
    // other settings uses another file, and a mistyped SALESTOUCH_HOME makes a new, empty one.
    logger.info("local mode", where);
    if (opened.store.created)
      logger.warn("created a new, empty database", {
        ...where,
        hint: "If you expected existing data, give this MCP server the SALESTOUCH_HOME or SALESTOUCH_DATABASE_URL the SalesTouch server uses (the env of its entry in the MCP host's configuration).",
      });
    return runtimeExecutor(opened.runtime, { principal });
  });
  return {
    executor,
    warmUp: async () => void (await executor.ready()),
    close: async () => closeStore?.(),
  };
}

export function openExecutor(settings: Settings, logger: Logger): OpenedExecutor {
  for (const problem of settings.problems) logger.warn("configuration file ignored", { problem });
  return settings.mode === "remote" && settings.baseUrl ? remote(settings, logger) : local(settings, logger);
}
