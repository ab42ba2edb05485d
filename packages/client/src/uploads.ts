// uploadCsv: a CSV file streamed to POST /api/v1/uploads (never read whole into memory), for
// import.csv's upload_id. Kept apart from the command client so the two evolve independently.
// Node's file system is loaded only for a file path, so the module also runs where there is none.
import type { PlainErrorBody } from "@salestouch/contracts";
import { fetchNoRedirect } from "./redirects.js";

export interface UploadedCsv {
  upload_id: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
  expires_at: string;
}

export interface UploadCsvOptions {
  /** Called as bytes leave: sent so far, and the total when known (a file's size). */
  onProgress?: (sent: number, total: number | null) => void;
  signal?: AbortSignal;
}

/** A file path (Node), a Node readable stream or any async iterable of bytes, a web ReadableStream, or a Blob/File. */
export type CsvUploadSource = string | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Blob;

export interface UploadTarget {
  baseUrl: string;
  headers: Record<string, string>;
  fetch?: typeof fetch;
  /** The client's error for a refused upload (ApiError). */
  error: (status: number, code: string, message: string, hint?: string) => Error;
}

function fromIterable(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

async function bodyOf(source: CsvUploadSource): Promise<{ stream: ReadableStream<Uint8Array>; total: number | null }> {
  if (typeof source === "string") {
    // A file path exists only on Node. Not `await import("node:fs")`: bundled binaries run through
    // V8's code cache, where a dynamic import has no loader to call.
    const fs = process.getBuiltinModule("node:fs");
    const size = (await fs.promises.stat(source)).size;
    return { stream: fromIterable(fs.createReadStream(source)), total: size };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) return { stream: source.stream() as ReadableStream<Uint8Array>, total: source.size };
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) return { stream: source, total: null };
  return { stream: fromIterable(source as AsyncIterable<Uint8Array>), total: null };
}

export async function uploadCsv(target: UploadTarget, source: CsvUploadSource, options: UploadCsvOptions = {}): Promise<UploadedCsv> {
  const { stream, total } = await bodyOf(source);
  let sent = 0;
  const counted = options.onProgress
    ? stream.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            sent += chunk.byteLength;
            options.onProgress!(sent, total);
            controller.enqueue(chunk);
          },
        }),
      )
    : stream;
  const headers: Record<string, string> = { ...target.headers, "Content-Type": "text/csv" };
  if (total !== null) headers["Content-Length"] = String(total);
  const response = await fetchNoRedirect(target.fetch ?? fetch, `${target.baseUrl}/api/v1/uploads`, {
    method: "POST",
    headers,
    body: counted,
    signal: options.signal,
    duplex: "half",
  } as RequestInit);
  const body = (await response.json().catch(() => undefined)) as ({ data?: { upload?: UploadedCsv } } & Partial<PlainErrorBody>) | undefined;
  if (response.ok && body?.data?.upload) return body.data.upload;
  const plain = body?.error;
  if (plain && typeof plain.message === "string") throw target.error(response.status, plain.code, plain.message, plain.hint);
  throw target.error(response.status, "internal_error", `unexpected HTTP ${response.status} response to an upload`);
}
