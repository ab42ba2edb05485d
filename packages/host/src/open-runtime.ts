// The composition root every app uses: open the store, build the runtime over the handlers.
import { handlers } from "@salestouch/commands";
import { createIdGenerator, createRuntime, silentLogger, type Logger, type Runtime } from "@salestouch/runtime";
import { isDatabaseUnavailable, openStore, type Repositories, type Store } from "@salestouch/store";
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

/** Faults of the database itself (either dialect), reported as `unavailable` rather than `internal_error`. */
export { isDatabaseUnavailable };

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
