// The composition root every app uses: open the store, build the runtime over the handlers.
import { createGatherers, createHandlers, createPreviews, ImportProgressBoard, type Dispatcher, type LeadSource } from "@salestouch/commands";
import { createIdGenerator, createRuntime, silentLogger, type Logger, type Runtime } from "@salestouch/runtime";
import { isDatabaseUnavailable, openStore, type Repositories, type Store } from "@salestouch/store";
import { dispatcherFrom } from "./approval-settings.js";
import { defaultConfig, type Config } from "./config.js";
import { KeyService } from "./keys.js";
import { leadSourceFrom, type LeadSourceConfigKey } from "./lead-source.js";
import { OutboxService } from "./outbox.js";
import { PolicyService } from "./policy.js";
import { UploadStore, uploadSettingsFrom, type UploadConfigKey } from "./uploads.js";
import { createRescoreWorker, type RescoreWorker } from "./rescore-worker.js";

export interface LocalRuntime {
  runtime: Runtime;
  store: Store;
  keys: KeyService;
  policy: PolicyService;
  outbox: OutboxService;
  /** Where sent drafts go (SALESTOUCH_DISPATCHER and SALESTOUCH_WEBHOOK_*). */
  dispatcher: Dispatcher;
  /** CSV files uploaded for import.csv's upload_id (SALESTOUCH_UPLOAD_*). */
  uploads: UploadStore;
  /** Background rescoring (docs/scoring.md): the server and MCP stdio start it, the CLI drains it before exiting. */
  jobs: RescoreWorker;
  /** Where the search imports get people (SALESTOUCH_LEAD_SOURCE*). */
  leadSource: LeadSource;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  databaseUrl: string;
  logger?: Logger;
  /** Validate outputs against their schemas (default: on unless NODE_ENV=production). */
  validateOutputs?: boolean;
  /** The checked settings (loadConfig); default: every setting at its default. */
  config?: RuntimeConfig;
}

/** Faults of the database itself (either dialect), reported as `unavailable` rather than `internal_error`. */
export { isDatabaseUnavailable };

/** The settings the runtime and its store read. */
export type RuntimeConfig = Pick<
  Config,
  | "approvalTtlMs"
  | "dispatcher"
  | "webhookUrl"
  | "webhookSecret"
  | "webhookAttempts"
  | "webhookBackoffMs"
  | "dbPoolSize"
  | "sqliteBusyTimeoutMs"
  | "nodeEnv"
  | UploadConfigKey
  | "rescoreBatch"
  | LeadSourceConfigKey
>;

export async function openRuntime(options: OpenRuntimeOptions): Promise<LocalRuntime> {
  const config = options.config ?? defaultConfig();
  const dispatcher = dispatcherFrom(config);
  const approvalTtlMs = config.approvalTtlMs;
  const uploadSettings = uploadSettingsFrom(config, options.databaseUrl);
  const store = await openStore({ url: options.databaseUrl, poolSize: config.dbPoolSize, sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs });
  const ids = createIdGenerator();
  const uploads = new UploadStore(uploadSettings, ids);
  const progress = new ImportProgressBoard();
  const leadSource = leadSourceFrom(config, store);
  const runtime = createRuntime<Repositories>({
    handlers: createHandlers({ dispatcher, uploads, progress, leadSource }),
    previews: createPreviews({ dispatcher, uploads, leadSource }),
    gatherers: createGatherers({ leadSource }),
    kernel: (repos) => ({
      approvals: repos.approvals,
      permissionRules: repos.permissionRules,
      idempotency: repos.idempotency,
      apiKeys: repos.apiKeys,
    }),
    approvalTtlMs,
    unitOfWork: { transaction: store.transaction, isUnavailable: isDatabaseUnavailable },
    logger: options.logger ?? silentLogger,
    ids,
    validateOutputs: options.validateOutputs ?? config.nodeEnv !== "production",
  });
  const jobs = createRescoreWorker({ store, logger: options.logger ?? silentLogger, batchSize: config.rescoreBatch });
  return {
    runtime,
    store,
    dispatcher,
    uploads,
    jobs,
    leadSource,
    keys: new KeyService(store, ids),
    policy: new PolicyService(store, ids),
    outbox: new OutboxService(store),
    close: async () => {
      await jobs.stop();
      await store.close();
    },
  };
}
