// `db migrate`, `db export` and `db import` for any surface: open the database a URL names (either
// dialect), do one thing, close it. Moving a workspace from the embedded file to PostgreSQL is an
// export from one URL and an import into the other.
import { openStore, type Store, type TransferSummary } from "@salestouch/store";

export interface DatabaseTarget {
  url: string;
}

export interface AdminResult extends TransferSummary {
  dialect: Store["dialect"];
  location: string;
}

async function withStore<T>(url: string, migrate: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ url, migrate, poolSize: 2 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Applies pending migrations; several replicas may run this at once (the migrator takes a lock). */
export async function migrateDatabase(target: DatabaseTarget): Promise<Omit<AdminResult, "rows" | "replaced">> {
  return withStore(target.url, true, async (store) => ({ dialect: store.dialect, location: store.location }));
}

/** Every row of one workspace (by name or id), or of the whole database, as JSON lines. */
export async function exportDatabase(
  target: DatabaseTarget & { workspace?: string; write(line: string): void | Promise<void> },
): Promise<AdminResult> {
  return withStore(target.url, true, async (store) => {
    let workspaceId: string | undefined;
    if (target.workspace !== undefined) {
      const workspace =
        (await store.repositories.workspaces.get(target.workspace)) ?? (await store.repositories.workspaces.findByName(target.workspace));
      if (!workspace)
        throw new Error(
          `no workspace is named or has the id "${target.workspace}" in ${store.location}; leave --workspace out to export every workspace`,
        );
      workspaceId = workspace.id;
    }
    const summary = await store.exportData((line) => target.write(`${line}\n`), { workspaceId });
    return { ...summary, dialect: store.dialect, location: store.location };
  });
}

/** Reads an export into the database (migrated first) in one transaction: every row or none. */
export async function importDatabase(target: DatabaseTarget & { lines: AsyncIterable<string> }): Promise<AdminResult> {
  return withStore(target.url, true, async (store) => ({
    ...(await store.importData(target.lines)),
    dialect: store.dialect,
    location: store.location,
  }));
}
