// Versioned migrations, applied in name order at start-up. Append; never edit a shipped one.
import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./0001-initial.js";

const migrations: Record<string, Migration> = {
  "0001-initial": initial,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
