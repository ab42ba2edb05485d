// One vitest run over every package and the cross-surface suites in tests/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // A scratch PostgreSQL cluster for the PostgreSQL variant of the suites (started once, stopped at the end).
    globalSetup: ["tests/setup/postgres.ts"],
    env: { NODE_ENV: "test", SALESTOUCH_LOG_LEVEL: "silent" },
  },
});
