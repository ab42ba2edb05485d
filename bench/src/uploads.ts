// A big CSV over the network: the same file uploaded to a server process over loopback HTTP
// (POST /api/v1/uploads, streamed) and imported by upload_id, next to the same file imported
// through csv_path in local mode in the same run. The server's peak RSS comes from the kernel's
// own high-water mark (VmHWM), read just before it stops.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@salestouch/client";
import { REALISTIC, writeLeadCsv } from "./lead-data.js";
import { IMPORT_CHILD, runChild } from "./imports.js";
import { freePort, startProcess } from "./processes.js";
import { round } from "./stats.js";

/** The little of @salestouch/host the bench calls (loaded from its dist, like the other children). */
interface HostModule {
  openRuntime(options: { databaseUrl: string; validateOutputs: boolean }): Promise<{
    policy: { removeStartingRules(workspaceId: string): Promise<boolean> };
    store: { repositories: { workspaces: { findByName(name: string): Promise<{ id: string } | undefined> } } };
    close(): Promise<void>;
  }>;
}

export interface UploadFigures {
  rows: number;
  megabytes: number;
  /** rows / s through csv_path, local mode (the baseline). */
  localRowsPerSec: number;
  /** rows / s for upload + import over HTTP, end to end, and the two parts. */
  remoteRowsPerSec: number;
  uploadSeconds: number;
  importSeconds: number;
  serverPeakRssMb: number;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export async function benchUploads(options: { root: string; workDir: string; rows: number }): Promise<UploadFigures> {
  const { root, workDir, rows } = options;
  const csv = join(workDir, "uploads.csv");
  await writeLeadCsv(csv, { rows, ...REALISTIC });
  const bytes = readFileSync(csv).length; // only its size is kept
  const local = await runChild(IMPORT_CHILD, {
    HOST_MODULE: pathToFileURL(join(root, "packages/host/dist/index.js")).href,
    CSV_FILE: csv,
    DATABASE_FILE: join(workDir, "uploads-local.db"),
  });
  const port = await freePort();
  const server = await startProcess(process.execPath, [join(root, "apps/server/dist/main.js")], {
    env: {
      PORT: String(port),
      DATABASE_URL: join(workDir, "uploads-remote.db"),
      SALESTOUCH_UPLOAD_DIR: join(workDir, "uploads"),
      SALESTOUCH_LOG_LEVEL: "warn",
      SALESTOUCH_RATE_LIMIT: "0",
      SALESTOUCH_UPLOAD_LIMIT: "2gb",
      SALESTOUCH_UPLOAD_QUOTA: "4gb",
    },
    ready: /try:/,
  });
  try {
    const key = /API key:\s+(st_\S+)/.exec(server.banner)?.[1];
    if (!key) throw new Error("the bench server printed no first key");
    // A new workspace holds imports for API keys; the bench measures the import, not a person.
    const host = (await import(pathToFileURL(join(root, "packages/host/dist/index.js")).href)) as HostModule;
    const relax = await host.openRuntime({ databaseUrl: join(workDir, "uploads-remote.db"), validateOutputs: false });
    await relax.policy.removeStartingRules((await relax.store.repositories.workspaces.findByName("default"))!.id);
    await relax.close();
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: key });
    const mission = await client.run("mission.create", { name: "Uploads bench" });
    if (mission.status !== 200) throw new Error(`mission.create answered ${mission.status}`);
    const started = performance.now();
    const upload = await client.uploadCsv(csv);
    const uploaded = performance.now();
    const result = await client.run("import.csv", { mission_id: mission.data.mission.id, name: "bench upload", upload_id: upload.upload_id });
    const done = performance.now();
    if (result.status !== 200) throw new Error(`import.csv answered ${result.status}`);
    const serverPeakRssMb = peakRssMb(server.child.pid!);
    const seconds = (done - started) / 1000;
    return {
      rows: result.data.row_count,
      megabytes: round(bytes / 1024 / 1024, 1),
      localRowsPerSec: Math.round(local["rows"]! / local["seconds"]!),
      remoteRowsPerSec: Math.round(result.data.row_count / seconds),
      uploadSeconds: round((uploaded - started) / 1000, 2),
      importSeconds: round((done - uploaded) / 1000, 2),
      serverPeakRssMb: round(serverPeakRssMb, 0),
    };
  } finally {
    await server.stop();
  }
}

export function uploadRows(f: UploadFigures): string[] {
  const ratio = round(f.remoteRowsPerSec / f.localRowsPerSec);
  return [
    "| big CSV over the network | rows | MB | rows/s | vs csv_path | upload s | import s | server peak RSS MB |",
    "|---|---|---|---|---|---|---|---|",
    `| csv_path, local mode (baseline) | ${f.rows} | ${f.megabytes} | ${f.localRowsPerSec} | 1 | | | |`,
    `| upload + import.csv upload_id over loopback HTTP | ${f.rows} | ${f.megabytes} | ${f.remoteRowsPerSec} | ${ratio} | ${f.uploadSeconds} | ${f.importSeconds} | ${f.serverPeakRssMb} |`,
    "",
    `Goal: upload + import ≥ 0.8 × the csv_path rate (now ${ratio}), server RSS < 300 MB (now ${f.serverPeakRssMb}).`,
  ];
}
