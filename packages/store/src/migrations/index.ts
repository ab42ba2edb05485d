// Versioned migrations, applied in name order at start-up. Append; never edit a shipped one.
import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./0001-initial.js";
import { importsAndLeads } from "./0002-imports-and-leads.js";

const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  // This store opens SQLite only; the migration also knows PostgreSQL's search index.
  "0002-imports-and-leads": importsAndLeads("sqlite"),
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
