// CSV text or a local file → a stream of lead inputs. Files are read in chunks and parsed as they
// arrive (csv-parse, through csv-records.ts), so memory does not grow with the file; the content is
// hashed on the way.
import type { Hash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { CommandError, nodeCrypto, sliceEnd, unstorableText } from "@salestouch/runtime";
import type { LeadInput, LeadInputField } from "../leads/draft.js";
import { mapColumns, type ColumnMapping } from "./columns.js";
import { csvRecords } from "./csv-records.js";

export interface CsvSource {
  text?: string;
  path?: string;
  /** The input field the CSV came from, for error paths (default csv, or csv_path with a path). */
  field?: "csv" | "csv_path" | "upload_id";
  delimiter?: string;
  columns?: Partial<Record<LeadInputField, string>>;
}

/**
 * One record after the header. `row` is the number a spreadsheet shows for it: the header is row 1
 * (or its own row when blank lines come before it), the first record row 2; a record whose quoted
 * cell spans several lines is one row. `lead` is null for a blank row (an empty line, or cells that
 * are all empty: what a spreadsheet writes for an empty line).
 */
interface CsvRow {
  row: number;
  lead: LeadInput | null;
}

export interface CsvReader {
  mapping: ColumnMapping;
  delimiter: string;
  /** The records after the header in order; blank rows at the very end of the file are left out. */
  rows: AsyncGenerator<CsvRow>;
  /** sha256 of the bytes read so far; complete once rows is exhausted. */
  digest(): string;
  /** Bytes of the file read so far (0 for text). */
  bytesRead(): number;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;
/** One record may not exceed this, so an unclosed quote cannot swallow a whole file into memory. */
const MAX_RECORD_BYTES = 1_000_000;

/** The candidate delimiter seen most often outside quotes in the header line (comma on a tie). */
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function firstLineOf(source: CsvSource): string {
  if (source.text !== undefined) return source.text.slice(0, 65_536).split(/\r?\n/)[0] ?? "";
  const fd = openSync(source.path!, "r");
  try {
    const buffer = Buffer.alloc(65_536);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString("utf8").split(/\r?\n/)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}

function fieldOf(source: CsvSource): string {
  return source.field ?? (source.path !== undefined ? "csv_path" : "csv");
}

export function csvProblem(error: unknown, source: CsvSource): CommandError {
  const code = (error as { code?: string }).code ?? "";
  if (code.startsWith("CSV_")) {
    return new CommandError("invalid_input", `the CSV cannot be read: ${(error as Error).message}`, {
      details: [{ path: `/${fieldOf(source)}`, message: "fix the file (quotes must be closed, one record per line) and import it again" }],
    });
  }
  if (source.field === "upload_id" && code === "ENOENT") {
    return new CommandError("not_found", "the upload was removed (it expired or was deleted) while it was being read; nothing was imported", {
      hint: "Upload the file again (POST /api/v1/uploads) and import the new upload_id.",
    });
  }
  if (source.path !== undefined && ["ENOENT", "EACCES", "EISDIR", "EPERM"].includes(code)) {
    return new CommandError("invalid_input", `csv_path ${source.path} cannot be read (${code})`, {
      details: [{ path: "/csv_path", message: "give the path of a readable CSV file on the machine running salestouch" }],
    });
  }
  return error instanceof CommandError ? error : new CommandError("internal_error", undefined, { cause: error });
}

/**
 * Pieces of this size keep the records parsed ahead of the import few: with 64 KiB ones, a
 * million-row import's peak memory grew by a third.
 */
const PIECE = 16_384;

/** UTF-16 little-endian's byte order mark. */
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

/**
 * The source's bytes in pieces, hashed on the way. The parser decodes them: UTF-8, or UTF-16
 * (little-endian) when they start with that byte order mark; either mark is dropped. CSV text is
 * handed over as UTF-16 with its mark: that keeps every character the text holds, an unpaired
 * surrogate included (UTF-8 would turn it into U+FFFD), so the row check can refuse the row.
 */
async function* bytePieces(source: CsvSource, hash: Hash, counter: { bytes: number }): AsyncGenerator<Buffer> {
  if (source.path === undefined) {
    // Hashed piece by piece as it is parsed (a megabytes-long text hashed at once held the loop);
    // no piece ends inside a surrogate pair, so the digest is the whole text's.
    const text = source.text ?? "";
    const start = text.startsWith("\uFEFF") ? 1 : 0;
    hash.update(text.slice(0, start), "utf8");
    if (text.length === start) return;
    yield UTF16LE_BOM;
    for (let i = start; i < text.length; ) {
      const end = sliceEnd(text, i, PIECE / 2);
      const piece = text.slice(i, end);
      hash.update(piece, "utf8");
      yield Buffer.from(piece, "utf16le");
      i = end;
    }
    return;
  }
  for await (const chunk of createReadStream(source.path, { highWaterMark: PIECE }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    counter.bytes += chunk.length;
    yield chunk;
  }
}

/** The source's records, a piece's worth at a time (a batch may be empty). */
function recordBatches(source: CsvSource, delimiter: string, hash: Hash, counter: { bytes: number }): AsyncGenerator<string[][]> {
  return csvRecords(bytePieces(source, hash, counter), delimiter, MAX_RECORD_BYTES);
}

async function* leadInputs(
  first: string[][],
  headerRow: number,
  batches: AsyncGenerator<string[][]>,
  mapping: ColumnMapping,
  source: CsvSource,
): AsyncGenerator<CsvRow> {
  const fields = mapping.fields;
  let row = headerRow;
  /** Blank rows seen since the last record with a value: counted once a record follows them. */
  let blanks = 0;
  try {
    for (let batch = first, next: IteratorResult<string[][]> | undefined; ; batch = next.value) {
      for (const record of batch) {
        if (record.length === 0) {
          blanks++;
          continue;
        }
        for (; blanks > 0; blanks--) yield { row: ++row, lead: null };
        const input: Record<string, string> = {};
        for (let index = 0; index < record.length; index++) {
          const field = fields[index];
          if (field !== undefined) input[field] = record[index]!;
        }
        yield { row: ++row, lead: input as LeadInput };
      }
      next = await batches.next();
      if (next.done) break;
    }
  } catch (error) {
    throw csvProblem(error, source);
  } finally {
    await batches.return(undefined);
  }
}

/** Reads the header, maps the columns, and hands back the remaining records as lead inputs. */
export async function openCsv(source: CsvSource): Promise<CsvReader> {
  let delimiter: string;
  const hash = nodeCrypto().createHash("sha256");
  const counter = { bytes: 0 };
  let batches: AsyncGenerator<string[][]>;
  let first: string[][] = [];
  /** Blank rows before the header still take a row number. */
  let headerRow = 1;
  try {
    delimiter = source.delimiter ?? sniffDelimiter(firstLineOf(source));
    batches = recordBatches(source, delimiter, hash, counter);
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      const start = next.value.findIndex((record) => record.length > 0);
      if (start >= 0) {
        headerRow += start;
        first = next.value.slice(start);
        break;
      }
      headerRow += next.value.length;
    }
  } catch (error) {
    throw csvProblem(error, source);
  }
  const header = first.shift();
  if (header === undefined) {
    throw new CommandError("invalid_input", "the CSV is empty", {
      details: [{ path: `/${fieldOf(source)}`, message: "the first line must be a header naming the columns" }],
    });
  }
  const badHeader = header.findIndex((cell) => unstorableText(cell) !== null);
  if (badHeader >= 0) {
    await batches.return(undefined);
    throw new CommandError(
      "invalid_input",
      `the CSV header (row ${headerRow}) cannot be read: column ${badHeader + 1} ${unstorableText(header[badHeader]!)}`,
      {
        details: [
          {
            path: `/${fieldOf(source)}`,
            message: `the header's column ${badHeader + 1} (row ${headerRow}) ${unstorableText(header[badHeader]!)}; fix the header line (rows below it are checked one by one)`,
          },
        ],
      },
    );
  }
  let mapping: ColumnMapping;
  try {
    mapping = mapColumns(
      header.map((h) => h.trim()),
      source.columns,
    );
  } catch (error) {
    await batches.return(undefined);
    throw error;
  }
  return {
    mapping,
    delimiter,
    rows: leadInputs(first, headerRow, batches, mapping, source),
    digest: () => hash.copy().digest("hex"),
    bytesRead: () => counter.bytes,
  };
}
