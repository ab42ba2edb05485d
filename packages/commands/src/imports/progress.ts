// Imports running in this process, with their counts so far. An import runs in one transaction,
// so until it commits nothing of it is visible in the database; this board is what import.progress
// reads meanwhile. It lives in the process that runs the import (each replica has its own).
export interface ImportProgressEntry {
  import_id: string;
  workspace_id: string;
  mission: { id: string; name: string };
  import_name: string;
  import_type: string;
  source: string;
  started_at: string;
  rows_read: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  invalid_count: number;
  /** Bytes of the CSV read so far and in all, when the source is a file or an upload. */
  bytes_read: number | null;
  bytes_total: number | null;
}

export class ImportProgressBoard {
  private readonly running = new Map<string, ImportProgressEntry>();

  begin(entry: ImportProgressEntry): ImportProgressEntry {
    this.running.set(entry.import_id, entry);
    return entry;
  }

  end(importId: string): void {
    this.running.delete(importId);
  }

  list(workspaceId: string): ImportProgressEntry[] {
    return [...this.running.values()].filter((entry) => entry.workspace_id === workspaceId);
  }
}
