// A streaming CSV record parser for imports: text arrives in pieces, complete records come out.
// It reads what csv-parse read with the options imports used (loose quotes, any column count,
// a size cap on one record) at a fraction of the cost. Empty lines and records of blank cells
// come out as empty records when `keepBlank` is set (imports count them, so row numbers match a
// spreadsheet's), else they are dropped.

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A CSV that cannot be read; `code` starts with CSV_ like the messages imports report. */
class CsvError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

/** UTF-8 bytes of one UTF-16 code unit (a surrogate pair counts 2 + 2). */
function utf8Bytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) return 2;
  return 3;
}

export class CsvRecordParser {
  private readonly delimiter: number;
  /** The record delimiter, found at the first line end outside quotes ("\r\n", "\n" or "\r"). */
  private recordDelimiter = "";
  private pending = "";
  private field = "";
  /** The field's size in UTF-8 bytes, which the record size cap counts. */
  private fieldBytes = 0;
  private record: string[] = [];
  private recordLength = 0;
  private quoting = false;
  private wasQuoting = false;
  private escaping = false;
  private wasRowDelimiter = false;
  private lines = 1;

  constructor(
    delimiter: string,
    private readonly maxRecordBytes: number,
    private readonly keepBlank = false,
  ) {
    if (delimiter.length !== 1) throw new Error(`the CSV delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses the next piece of text; complete records are appended to `out`. */
  push(text: string, out: string[][]): void {
    this.parse(this.pending + text, false, out);
  }

  /** Ends the input: the last record (without a line end) is appended to `out`. */
  end(out: string[][]): void {
    this.parse(this.pending, true, out);
    if (this.quoting) {
      throw new CsvError("CSV_QUOTE_NOT_CLOSED", `Quote Not Closed: the parsing is finished with an opening quote at line ${this.lines}`);
    }
    if (this.wasQuoting || this.record.length !== 0 || this.fieldBytes !== 0) {
      this.endField();
      this.endRecord(out);
    }
  }

  private parse(text: string, end: boolean, out: string[][]): void {
    this.pending = "";
    const length = text.length;
    for (let pos = 0; pos < length; pos++) {
      const chr = text.charCodeAt(pos);
      // A quote or a carriage return means nothing until the characters after it are known.
      if (!end && length - pos < 3 && (chr === QUOTE || chr === CR)) {
        this.pending = text.slice(pos);
        return;
      }
      if (this.wasRowDelimiter) {
        this.lines++;
        this.wasRowDelimiter = false;
      }
      if (!this.quoting && this.recordDelimiter === "") this.discover(text, pos);
      if (chr === CR || chr === LF) this.wasRowDelimiter = true;
      if (this.escaping) {
        this.escaping = false;
      } else {
        if (this.quoting && chr === QUOTE && pos + 1 < length && text.charCodeAt(pos + 1) === QUOTE) {
          this.escaping = true; // a doubled quote inside quotes: the second one is kept
          continue;
        }
        if (chr === QUOTE) {
          if (this.quoting) {
            this.quoting = false;
            this.wasQuoting = true;
            if (this.closesField(text, pos + 1)) continue;
            // Loose quotes: a quote closing a field that goes on is kept, with the opening one.
            this.field = `"${this.field}`;
            this.fieldBytes++;
          } else if (this.fieldBytes === 0) {
            this.quoting = true;
            continue;
          }
        }
        if (!this.quoting) {
          const recordEnd = this.recordDelimiterAt(text, pos);
          if (recordEnd !== 0) {
            pos += recordEnd - 1;
            if (this.wasQuoting || this.record.length !== 0 || this.fieldBytes !== 0) {
              this.endField();
              this.endRecord(out);
            } else if (this.keepBlank) out.push([]);
            continue;
          }
          if (chr === this.delimiter) {
            this.endField();
            continue;
          }
        }
      }
      pos = this.append(text, pos) - 1;
    }
  }

  /**
   * Appends the character at `pos` and the plain ones after it; returns where it stopped. The cap
   * is checked before each byte of a character, as csv-parse did.
   */
  private append(text: string, pos: number): number {
    const max = this.maxRecordBytes - this.recordLength - this.fieldBytes + 1;
    let bytes = utf8Bytes(text.charCodeAt(pos));
    if (bytes > max) {
      throw new CsvError(
        "CSV_MAX_RECORD_SIZE",
        `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordBytes} at line ${this.lines}`,
      );
    }
    let stop = pos + 1;
    if (!this.wasRowDelimiter) {
      for (; stop < text.length; stop++) {
        const c = text.charCodeAt(stop);
        if (c === QUOTE || c === CR || c === LF || c === this.delimiter) break;
        const next = bytes + utf8Bytes(c);
        if (next > max) break;
        bytes = next;
      }
    }
    this.field += text.slice(pos, stop);
    this.fieldBytes += bytes;
    return stop;
  }

  /** After a closing quote: the end of the text, a delimiter or a line end closes the field. */
  private closesField(text: string, pos: number): boolean {
    if (pos >= text.length) return true;
    if (text.charCodeAt(pos) === this.delimiter) return true;
    return (this.recordDelimiter === "" ? this.discover(text, pos) : this.recordDelimiterAt(text, pos)) !== 0;
  }

  private discover(text: string, pos: number): number {
    const chr = text.charCodeAt(pos);
    if (chr === CR) this.recordDelimiter = text.charCodeAt(pos + 1) === LF ? "\r\n" : "\r";
    else if (chr === LF) this.recordDelimiter = "\n";
    return this.recordDelimiter.length;
  }

  private recordDelimiterAt(text: string, pos: number): number {
    const rd = this.recordDelimiter;
    if (rd.length === 0 || text.charCodeAt(pos) !== rd.charCodeAt(0)) return 0;
    if (rd.length === 1) return 1;
    return text.charCodeAt(pos + 1) === LF ? 2 : 0;
  }

  private endField(): void {
    this.record.push(this.field);
    this.recordLength += this.field.length;
    this.field = "";
    this.fieldBytes = 0;
    this.wasQuoting = false;
  }

  private endRecord(out: string[][]): void {
    if (!this.record.every((field) => field.trim() === "")) out.push(this.record);
    else if (this.keepBlank) out.push([]);
    this.record = [];
    this.recordLength = 0;
  }
}
