// Remote mode and local files: a command input field marked `x-upload-as` in the spec (a local
// file path, such as import.csv's csv_path) cannot be read by a server, so the CLI uploads the file
// (POST /api/v1/uploads, streamed) and sends the field it names (upload_id) instead. Generic over
// the registry: no command is named here.
import { resolve } from "node:path";
import type { SalesTouchClient } from "@salestouch/client";
import { registry, type CommandId } from "@salestouch/contracts";
import { CliError } from "./cli-error.js";
import type { OutputStream } from "./io.js";

/** Files at least this big show a progress bar (when stderr is a terminal and output is not --json). */
const BAR_FROM_BYTES = 4 * 1024 * 1024;
const BAR_WIDTH = 30;

/** Input field → the field its upload id goes to, for this command. */
function uploadFields(commandId: string): [string, string][] {
  if (!Object.hasOwn(registry, commandId)) return [];
  const properties = (registry[commandId as CommandId].inputSchema["properties"] ?? {}) as Record<string, { "x-upload-as"?: string }>;
  return Object.entries(properties).flatMap(([field, schema]) =>
    typeof schema["x-upload-as"] === "string" ? [[field, schema["x-upload-as"]] as [string, string]] : [],
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function progressBar(stderr: OutputStream, label: string): (sent: number, total: number | null) => void {
  let last = -1;
  return (sent, total) => {
    if (total === null || total === 0) return;
    const fraction = Math.min(1, sent / total);
    const percent = Math.floor(fraction * 100);
    if (percent === last) return;
    last = percent;
    const filled = Math.round(fraction * BAR_WIDTH);
    stderr.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}% ${megabytes(sent)} / ${megabytes(total)}`,
    );
    if (sent >= total) stderr.write("\n");
  };
}

/** The input with every local file field uploaded and replaced by its upload id. */
export async function uploadLocalFiles(
  client: SalesTouchClient,
  commandId: string,
  input: unknown,
  options: { cwd: string; stderr: OutputStream; quiet: boolean },
): Promise<unknown> {
  const fields = uploadFields(commandId);
  if (fields.length === 0 || input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const out = { ...(input as Record<string, unknown>) };
  for (const [field, target] of fields) {
    const value = out[field];
    if (typeof value !== "string" || out[target] !== undefined) continue;
    const path = resolve(options.cwd, value);
    const info = await process
      .getBuiltinModule("node:fs/promises")
      .stat(path)
      .catch(() => undefined);
    if (!info?.isFile()) {
      throw new CliError("invalid_input", `${field} ${value} is not a readable file on this machine`, {
        hint: `In remote mode the CLI uploads ${field} to the server; give the path of a file here.`,
      });
    }
    const bar = !options.quiet && options.stderr.isTTY && info.size >= BAR_FROM_BYTES ? progressBar(options.stderr, `uploading ${value}`) : undefined;
    const upload = await client.uploadCsv(path, { onProgress: bar });
    delete out[field];
    out[target] = upload.upload_id;
  }
  return out;
}
