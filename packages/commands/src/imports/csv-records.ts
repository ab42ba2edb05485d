// CSV bytes in pieces → records in batches, read by csv-parse (docs/decisions/0016-csv-parser.md).
// The options are what imports need: a byte order mark is dropped (UTF-8, or UTF-16 little-endian,
// which it then decodes), the record delimiter is found at the first line end outside quotes,
// loose quotes are kept as text, a row may have any number of cells, and one record may not grow
// past a size cap (so an unclosed quote cannot swallow a whole file into memory). A quote left
// open at the end and a record over the cap are errors whose code starts with CSV_ and whose
// message names the line. csv-parse is loaded when a CSV is first read: a start that reads none
// (most CLI calls, an MCP start, a server until its first import) never evaluates it.

/**
 * A blank record (an empty line, or cells that are all blank: what a spreadsheet writes for an
 * empty line) comes out as `[]`, so imports can count it and keep row numbers a spreadsheet's.
 */
function markBlanks(records: string[][]): string[][] {
  for (let i = 0; i < records.length; i++) {
    if (records[i]!.every((cell) => cell.trim() === "")) records[i] = [];
  }
  return records;
}

/**
 * The records of the pieces, one batch per piece (a batch may be empty) and one at the end. Each
 * piece is parsed as it arrives and its records handed out before the next is read, so memory
 * does not grow with the input.
 */
export async function* csvRecords(pieces: AsyncIterable<Buffer>, delimiter: string, maxRecordBytes: number): AsyncGenerator<string[][]> {
  const csv = await import("csv-parse");
  const parser = new csv.Parser({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, max_record_size: maxRecordBytes });
  // An error reaches the write's callback or the iteration below; this listener only keeps it
  // from being thrown a second time as an unhandled 'error' event.
  parser.on("error", () => {});
  const parsed = (): string[][] => {
    const records: string[][] = [];
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) records.push(record);
    return markBlanks(records);
  };
  try {
    for await (const piece of pieces) {
      // The parser reads a piece as it is written; its callback comes once its records are taken.
      const written = new Promise<void>((resolve, reject) => parser.write(piece, (error) => (error ? reject(error) : resolve())));
      const records = parsed();
      await written;
      yield records;
    }
    parser.end();
    const records: string[][] = [];
    for await (const record of parser) records.push(record as string[]);
    yield markBlanks(records);
  } finally {
    parser.destroy();
  }
}
