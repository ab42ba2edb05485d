// @salestouch/host: what every app needs to host the runtime — database location, wiring, keys.
export { dataDirectory, defaultDatabaseFile, resolveDatabase, type DatabaseLocation } from "./database-location.js";
export { exportDatabase, importDatabase, migrateDatabase, type AdminResult, type DatabaseTarget } from "./database-admin.js";
export { DEFAULT_WORKSPACE, KeyService, type CreatedKey } from "./keys.js";
export { isDatabaseUnavailable, openRuntime, type LocalRuntime, type OpenRuntimeOptions, type RuntimeConfig } from "./open-runtime.js";
export { dispatcherFrom, type DispatchConfig } from "./approval-settings.js";
export { callbackReceiver, leadSourceFrom, type LeadSource, type LeadSourceConfigKey } from "./lead-source.js";
export {
  ConfigError,
  defaultConfig,
  loadConfig,
  parseByteSize,
  parseDuration,
  redactCredentials,
  SETTINGS,
  type Config,
  type ConfigConsumer,
  type LoadedConfig,
  type SettingKey,
} from "./config.js";
export { configTable, describeConfig } from "./config-render.js";
export {
  ConsoleSessionService,
  csrfMatches,
  LOCAL_CONSOLE_KEY_NAME,
  SIGN_IN_LINK_TTL_MS,
  type AuthenticatedSession,
  type SessionView,
  type SignInResult,
} from "./console-sessions.js";
export {
  ANY_API_KEY,
  STARTING_POLICY,
  checkPermission,
  checkTarget,
  parseRuleList,
  PolicyService,
  type EffectivePermission,
  type RuleSpec,
} from "./policy.js";
export { exportRow, OutboxService, toCsv, type OutboxExportRow } from "./outbox.js";
export {
  findProjectRoot,
  globalConfigFile,
  maskSecret,
  resolveSettings,
  type ConfigFile,
  type Setting,
  type SettingSource,
  type Settings,
} from "./settings.js";
export { formatBytes, UploadStore, uploadSettingsFrom, type UploadConfigKey, type UploadRecord, type UploadSettings } from "./uploads.js";
export { createRescoreWorker, type RescoreWorker, type RescoreWorkerOptions } from "./rescore-worker.js";
