// The composition root every app uses: open the store, build the runtime over the handlers.
import { handlers } from "@salestouch/commands";
import { createIdGenerator, createRuntime, silentLogger, type Logger, type Runtime } from "@salestouch/runtime";
import { openStore, type Repositories, type Store } from "@salestouch/store";
import { KeyService } from "./keys.js";

export interface LocalRuntime {
  runtime: Runtime;
  store: Store;
  keys: KeyService;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  databaseUrl: string;
  logger?: Logger;
  /** Validate outputs against their schemas (default: on unless NODE_ENV=production). */
  validateOutputs?: boolean;
}

const UNAVAILABLE_CODES = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_CORRUPT"]);

/** Faults of the database itself, reported as `unavailable` rather than `internal_error`. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && [...UNAVAILABLE_CODES].some((c) => code === c || code.startsWith(`${c}_`));
}

export async function openRuntime(options: OpenRuntimeOptions): Promise<LocalRuntime> {
  const store = await openStore({ url: options.databaseUrl });
  const ids = createIdGenerator();
  const runtime = createRuntime<Repositories>({
    handlers,
    unitOfWork: { transaction: store.transaction, isUnavailable: isDatabaseUnavailable },
    logger: options.logger ?? silentLogger,
    ids,
    validateOutputs: options.validateOutputs ?? process.env["NODE_ENV"] !== "production",
  });
  return { runtime, store, keys: new KeyService(store, ids), close: () => store.close() };
}
