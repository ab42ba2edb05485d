// CSV text or a local file → a stream of lead inputs. Files are read in chunks and parsed as they
// arrive (csv-parse), so memory does not grow with the file; the content is hashed on the way.
import { createHash, type Hash } from "node:crypto";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { Readable, Transform, pipeline } from "node:stream";
import { parse, type Parser } from "csv-parse";
import { CommandError } from "@salestouch/runtime";
import type { LeadInput, LeadInputField } from "../leads/draft.js";
import { mapColumns, type ColumnMapping } from "./columns.js";

export interface CsvSource {
  text?: string;
  path?: string;
  delimiter?: string;
  columns?: Partial<Record<LeadInputField, string>>;
}

export interface CsvReader {
  mapping: ColumnMapping;
  delimiter: string;
  rows: AsyncGenerator<LeadInput>;
  /** sha256 of the bytes read so far; complete once rows is exhausted. */
  digest(): string;
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

function hashing(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

export function csvProblem(error: unknown, source: CsvSource): CommandError {
  const code = (error as { code?: string }).code ?? "";
  if (code.startsWith("CSV_")) {
    return new CommandError("invalid_input", `the CSV cannot be read: ${(error as Error).message}`, {
      details: [{ path: source.path !== undefined ? "/csv_path" : "/csv", message: "fix the file (quotes must be closed, one record per line) and import it again" }],
    });
  }
  if (source.path !== undefined && ["ENOENT", "EACCES", "EISDIR", "EPERM"].includes(code)) {
    return new CommandError("invalid_input", `csv_path ${source.path} cannot be read (${code})`, {
      details: [{ path: "/csv_path", message: "give the path of a readable CSV file on the machine running salestouch" }],
    });
  }
  return error instanceof CommandError ? error : new CommandError("internal_error", undefined, { cause: error });
}

function startParser(source: CsvSource, delimiter: string, hash: Hash): Parser {
  const parser = parse({
    bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
    skip_records_with_empty_values: true, max_record_size: MAX_RECORD_BYTES,
  });
  const input = source.path !== undefined ? createReadStream(source.path) : Readable.from([Buffer.from(source.text ?? "", "utf8")]);
  pipeline(input, hashing(hash), parser, () => {
    // Errors reach the reader through the parser's iterator; nothing more to do here.
  });
  return parser;
}

async function* leadInputs(records: AsyncIterator<string[]>, mapping: ColumnMapping, source: CsvSource): AsyncGenerator<LeadInput> {
  try {
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const input: Record<string, string> = {};
      next.value.forEach((cell, index) => {
        const field = mapping.fields[index];
        if (field !== undefined) input[field] = cell;
      });
      yield input as LeadInput;
    }
  } catch (error) {
    throw csvProblem(error, source);
  } finally {
    await records.return?.();
  }
}

/** Reads the header, maps the columns, and hands back the remaining records as lead inputs. */
export async function openCsv(source: CsvSource): Promise<CsvReader> {
  let delimiter: string;
  let parser: Parser;
  const hash = createHash("sha256");
  let header: IteratorResult<string[]>;
  let records: AsyncIterator<string[]>;
  try {
    delimiter = source.delimiter ?? sniffDelimiter(firstLineOf(source));
    parser = startParser(source, delimiter, hash);
    records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
    header = await records.next();
  } catch (error) {
    throw csvProblem(error, source);
  }
  if (header.done) {
    throw new CommandError("invalid_input", "the CSV is empty", {
      details: [{ path: source.path !== undefined ? "/csv_path" : "/csv", message: "the first line must be a header naming the columns" }],
    });
  }
  let mapping: ColumnMapping;
  try {
    mapping = mapColumns(header.value.map((h) => h.trim()), source.columns);
  } catch (error) {
    parser.destroy();
    throw error;
  }
  return { mapping, delimiter, rows: leadInputs(records, mapping, source), digest: () => hash.copy().digest("hex") };
}
