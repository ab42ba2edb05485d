// CSV files sent over the network before an import (POST /api/v1/uploads): streamed to disk as
// they arrive — never whole in memory — hashed on the way, and kept per workspace until they
// expire. A file becomes visible only once it is complete (written as a hidden part, then renamed),
// so an interrupted upload leaves nothing an import could read, and its part is removed.
import { createWriteStream } from "node:fs";
import type * as FsPromises from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable, type Writable } from "node:stream";
import type { UploadedFile, UploadSource } from "@salestouch/commands";
import { CommandError, type IdGenerator, nodeCrypto, type Principal } from "@salestouch/runtime";
import type { Config } from "./config.js";

/** node:fs/promises, loaded on first use: a CLI call that never uploads would pay for it at start. */
const fsp = (): typeof FsPromises => process.getBuiltinModule("node:fs/promises");

export interface UploadSettings {
  /** Where the files are kept (SALESTOUCH_UPLOAD_DIR). */
  dir: string;
  /** Largest upload in bytes (SALESTOUCH_UPLOAD_LIMIT, default 256mb). */
  limitBytes: number;
  /** Bytes one API key may keep in unexpired uploads (SALESTOUCH_UPLOAD_QUOTA, default 1gb). */
  quotaBytes: number;
  /** How long an upload is kept (SALESTOUCH_UPLOAD_TTL, default 24h). */
  ttlMs: number;
}

/** What the upload route answers and GET /api/v1/uploads/{id} shows. */
export interface UploadRecord {
  upload_id: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
  expires_at: string;
}

interface StoredRecord extends UploadRecord {
  workspace_id: string;
  key_id: string | null;
}

/** A part older than this belongs to an upload that died with its process. */
const STALE_PART_MS = 3_600_000;
const UPLOAD_ID = /^upl_[A-Za-z0-9_-]{1,100}$/;
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,120}$/;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** The default folder: next to a SQLite file; the system's temporary folder otherwise. */
function defaultDir(databaseUrl: string): string {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return join(tmpdir(), "salestouch-uploads");
  const path = databaseUrl.replace(/^sqlite:/, "");
  return path === ":memory:" || path === "" ? join(tmpdir(), "salestouch-uploads") : `${path}-uploads`;
}

export type UploadConfigKey = "uploadDir" | "uploadLimit" | "uploadQuota" | "uploadTtlMs";

/** The upload settings of the checked configuration (SALESTOUCH_UPLOAD_DIR, _LIMIT, _QUOTA, _TTL). */
export function uploadSettingsFrom(config: Pick<Config, UploadConfigKey>, databaseUrl: string): UploadSettings {
  return {
    dir: config.uploadDir ?? defaultDir(databaseUrl),
    limitBytes: config.uploadLimit,
    quotaBytes: config.uploadQuota,
    ttlMs: config.uploadTtlMs,
  };
}

/**
 * body → meter → file, settled when the file is complete. Unlike pipeline(), a failure does not
 * destroy the body: the caller can still answer on the same connection (a 413 the client reads).
 */
function copy(body: Readable, meter: Transform, file: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      body.unpipe(meter);
      meter.destroy();
      file.destroy();
      reject(error);
    };
    body.on("error", fail);
    body.on("close", () => {
      if (!body.readableEnded)
        fail(
          new CommandError("malformed_request", "the upload was interrupted before the whole file arrived; nothing was kept", {
            hint: "Upload the file again.",
          }),
        );
    });
    meter.on("error", fail);
    file.on("error", fail);
    file.on("close", () => {
      if (!failed) resolve();
    });
    body.pipe(meter).pipe(file);
  });
}

function tooLarge(message: string): CommandError {
  return new CommandError("payload_too_large", message, {
    hint: "Whoever runs the server can raise SALESTOUCH_UPLOAD_LIMIT (one file) or SALESTOUCH_UPLOAD_QUOTA (all unexpired uploads of a key); delete uploads you no longer need with DELETE /api/v1/uploads/{upload_id}.",
  });
}

function publicView(record: StoredRecord): UploadRecord {
  return {
    upload_id: record.upload_id,
    size_bytes: record.size_bytes,
    sha256: record.sha256,
    created_at: record.created_at,
    expires_at: record.expires_at,
  };
}

export class UploadStore implements UploadSource {
  constructor(
    readonly settings: UploadSettings,
    private readonly ids: IdGenerator,
    private readonly now: () => number = Date.now,
  ) {}

  private folder(workspaceId: string): string {
    if (!SAFE_SEGMENT.test(workspaceId)) throw new Error(`unexpected workspace id ${workspaceId}`);
    return join(this.settings.dir, workspaceId);
  }

  private async records(workspaceId: string): Promise<StoredRecord[]> {
    const folder = this.folder(workspaceId);
    const names = await fsp()
      .readdir(folder)
      .catch(() => [] as string[]);
    const out: StoredRecord[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      const record = await fsp()
        .readFile(join(folder, name), "utf8")
        .then(
          (text) => JSON.parse(text) as StoredRecord,
          () => undefined,
        );
      if (record) out.push(record);
    }
    return out;
  }

  /**
   * Streams `body` to a part file, hashing and counting it; over the limit or the key's quota it
   * stops and removes the part. `declaredLength` (Content-Length) lets a too-large upload be
   * refused before a byte is read.
   */
  async receive(principal: Principal, body: Readable, declaredLength: number | undefined): Promise<UploadRecord> {
    await this.sweep();
    const { limitBytes, quotaBytes } = this.settings;
    if (declaredLength !== undefined && declaredLength > limitBytes) {
      throw tooLarge(
        `the file (${formatBytes(declaredLength)}) is larger than this server's upload limit of ${formatBytes(limitBytes)} (SALESTOUCH_UPLOAD_LIMIT)`,
      );
    }
    const held = (await this.records(principal.workspaceId)).filter((r) => r.key_id === principal.keyId).reduce((sum, r) => sum + r.size_bytes, 0);
    const room = Math.min(limitBytes, quotaBytes - held);
    const overQuota = () =>
      tooLarge(
        `this key's unexpired uploads hold ${formatBytes(held)} of its ${formatBytes(quotaBytes)} quota (SALESTOUCH_UPLOAD_QUOTA); this file does not fit`,
      );
    if (room <= 0 || (declaredLength !== undefined && declaredLength > room)) throw overQuota();
    const folder = this.folder(principal.workspaceId);
    await fsp().mkdir(folder, { recursive: true });
    const id = this.ids.next("upl");
    const part = join(folder, `.${id}.part`);
    const hash = nodeCrypto().createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > room) {
          done(
            size > limitBytes
              ? tooLarge(`the file is larger than this server's upload limit of ${formatBytes(limitBytes)} (SALESTOUCH_UPLOAD_LIMIT)`)
              : overQuota(),
          );
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await copy(body, meter, createWriteStream(part, { flags: "wx" }));
    } catch (error) {
      await fsp().rm(part, { force: true });
      throw error;
    }
    if (size === 0) {
      await fsp().rm(part, { force: true });
      throw new CommandError("invalid_input", "the upload is empty", {
        hint: "Send the CSV file's bytes as the request body with Content-Type: text/csv.",
      });
    }
    const created = this.now();
    const record: StoredRecord = {
      upload_id: id,
      workspace_id: principal.workspaceId,
      key_id: principal.keyId,
      size_bytes: size,
      sha256: hash.digest("hex"),
      created_at: new Date(created).toISOString(),
      expires_at: new Date(created + this.settings.ttlMs).toISOString(),
    };
    await fsp().rename(part, join(folder, `${id}.csv`));
    await fsp().writeFile(join(folder, `${id}.json`), JSON.stringify(record));
    return publicView(record);
  }

  private async stored(workspaceId: string, uploadId: string): Promise<StoredRecord | undefined> {
    if (!UPLOAD_ID.test(uploadId)) return undefined;
    const text = await fsp()
      .readFile(join(this.folder(workspaceId), `${uploadId}.json`), "utf8")
      .catch(() => undefined);
    if (text === undefined) return undefined;
    const record = JSON.parse(text) as StoredRecord;
    return Date.parse(record.expires_at) > this.now() && record.workspace_id === workspaceId ? record : undefined;
  }

  async get(workspaceId: string, uploadId: string): Promise<UploadRecord | undefined> {
    const record = await this.stored(workspaceId, uploadId);
    return record ? publicView(record) : undefined;
  }

  async find(workspaceId: string, uploadId: string): Promise<UploadedFile | undefined> {
    const record = await this.stored(workspaceId, uploadId);
    if (!record) return undefined;
    return { path: join(this.folder(workspaceId), `${uploadId}.csv`), sha256: record.sha256, sizeBytes: record.size_bytes };
  }

  async remove(workspaceId: string, uploadId: string): Promise<boolean> {
    if (!(await this.stored(workspaceId, uploadId))) return false;
    const folder = this.folder(workspaceId);
    await fsp().rm(join(folder, `${uploadId}.json`), { force: true });
    await fsp().rm(join(folder, `${uploadId}.csv`), { force: true });
    return true;
  }

  /** Removes expired uploads and parts left by a process that died mid-upload. */
  async sweep(): Promise<number> {
    let removed = 0;
    const now = this.now();
    const workspaces = await fsp()
      .readdir(this.settings.dir)
      .catch(() => [] as string[]);
    for (const workspace of workspaces.filter((name) => SAFE_SEGMENT.test(name))) {
      const folder = join(this.settings.dir, workspace);
      for (const name of await fsp()
        .readdir(folder)
        .catch(() => [] as string[])) {
        const path = join(folder, name);
        if (name.endsWith(".part")) {
          const info = await fsp()
            .stat(path)
            .catch(() => undefined);
          if (info && now - info.mtimeMs > STALE_PART_MS) {
            await fsp().rm(path, { force: true });
            removed++;
          }
        } else if (name.endsWith(".json")) {
          const record = await fsp()
            .readFile(path, "utf8")
            .then(
              (text) => JSON.parse(text) as StoredRecord,
              () => undefined,
            );
          if (record && Date.parse(record.expires_at) <= now) {
            await fsp().rm(join(folder, `${record.upload_id}.csv`), { force: true });
            await fsp().rm(path, { force: true });
            removed++;
          }
        }
      }
    }
    return removed;
  }
}
