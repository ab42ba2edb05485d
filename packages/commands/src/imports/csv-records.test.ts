import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvRecords } from "./csv-records.js";
import { openCsv } from "./csv-source.js";

/** Parses `text` handed over as UTF-8 bytes in pieces of `piece` bytes (0: all at once); blank records only when asked. */
async function parse(text: string, options: { delimiter?: string; max?: number; piece?: number; keepBlank?: boolean } = {}): Promise<string[][]> {
  const bytes = Buffer.from(text, "utf8");
  const piece = options.piece || bytes.length || 1;
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
  }
  const out: string[][] = [];
  for await (const batch of csvRecords(pieces(), options.delimiter ?? ",", options.max ?? 1_000_000)) {
    for (const record of batch) if (record.length > 0 || options.keepBlank) out.push(record);
  }
  return out;
}

const CASES: { name: string; text: string; delimiter?: string; keepBlank?: boolean; records: string[][] }[] = [
  {
    name: "plain records with a final line end",
    text: "a,b\nc,d\n",
    records: [
      ["a", "b"],
      ["c", "d"],
    ],
  },
  {
    name: "a last record without a line end",
    text: "a,b\nc,d",
    records: [
      ["a", "b"],
      ["c", "d"],
    ],
  },
  {
    name: "Windows line ends",
    text: "a,b\r\nc,d\r\n",
    records: [
      ["a", "b"],
      ["c", "d"],
    ],
  },
  {
    name: "old Mac line ends",
    text: "a,b\rc,d\r",
    records: [
      ["a", "b"],
      ["c", "d"],
    ],
  },
  {
    name: "a bare newline inside a Windows-ended file stays in the field",
    text: "a,b\r\nc\nd,e\r\n",
    records: [
      ["a", "b"],
      ["c\nd", "e"],
    ],
  },
  { name: "records of different lengths", text: "a,b,c\nd\ne,f\n", records: [["a", "b", "c"], ["d"], ["e", "f"]] },
  { name: "empty lines skipped", text: "a\n\n\r\nb\n\n", records: [["a"], ["b"]] },
  { name: "empty lines kept as empty records when asked", text: "a\n\nb\n , \n", keepBlank: true, records: [["a"], [], ["b"], []] },
  {
    name: "records of blank values skipped",
    text: "a,b\n , \n,\nc,d\n",
    records: [
      ["a", "b"],
      ["c", "d"],
    ],
  },
  { name: "a quoted delimiter", text: 'a,"b,c",d\n', records: [["a", "b,c", "d"]] },
  { name: "a quoted field with line ends", text: 'a,"b\nc\r\nd"\ne\n', records: [["a", "b\nc\r\nd"], ["e"]] },
  { name: "doubled quotes inside quotes", text: 'a,"say ""hi""",""""\n', records: [["a", 'say "hi"', '"']] },
  { name: "a quoted empty field", text: 'a,"",b\n', records: [["a", "", "b"]] },
  { name: "a quote inside an unquoted field is kept", text: 'a,5" disk,b\n', records: [["a", '5" disk', "b"]] },
  { name: "text after a closing quote keeps both quotes", text: '"ab"c,d\n', records: [['"ab"c', "d"]] },
  { name: "spaces around values are kept", text: " a , b \n", records: [[" a ", " b "]] },
  { name: "another delimiter", text: 'a;"b;c";d|e\n', delimiter: ";", records: [["a", "b;c", "d|e"]] },
  { name: "tabs", text: "a\tb\n", delimiter: "\t", records: [["a", "b"]] },
  { name: "characters beyond ASCII", text: "Société,😀\n", records: [["Société", "😀"]] },
  { name: "nothing at all", text: "", records: [] },
];

describe("csvRecords", () => {
  for (const c of CASES) {
    it(`reads ${c.name}`, async () => {
      expect(await parse(c.text, { delimiter: c.delimiter, keepBlank: c.keepBlank })).toEqual(c.records);
    });

    it(`reads ${c.name} handed over one byte at a time`, async () => {
      expect(await parse(c.text, { delimiter: c.delimiter, keepBlank: c.keepBlank, piece: 1 })).toEqual(c.records);
    });
  }

  it("refuses an unclosed quote, naming its line", async () => {
    await expect(parse('a,b\nc,"d\ne\n')).rejects.toThrow(
      expect.objectContaining({
        code: "CSV_QUOTE_NOT_CLOSED",
        message: "Quote Not Closed: the parsing is finished with an opening quote at line 3",
      }),
    );
  });

  // The cap is checked before each byte is added, so a record may end one byte over it.
  it("refuses a record over the size cap, naming its line", async () => {
    expect(await parse("x\nabcdefg\n", { max: 6 })).toEqual([["x"], ["abcdefg"]]);
    await expect(parse("x\nabcdefgh\n", { max: 6 })).rejects.toThrow(
      expect.objectContaining({
        code: "CSV_MAX_RECORD_SIZE",
        message: "Max Record Size: record exceed the maximum number of tolerated bytes of 6 at line 2",
      }),
    );
  });

  it("counts the size cap in UTF-8 bytes", async () => {
    expect(await parse("abcde\n", { max: 4 })).toEqual([["abcde"]]);
    await expect(parse("abcdé\n", { max: 4 })).rejects.toThrow(expect.objectContaining({ code: "CSV_MAX_RECORD_SIZE" }));
  });

  it("counts the fields before the current one against the size cap", async () => {
    expect(await parse("abc,defg\n", { max: 6 })).toEqual([["abc", "defg"]]);
    await expect(parse("abc,defgh\n", { max: 6 })).rejects.toThrow(expect.objectContaining({ code: "CSV_MAX_RECORD_SIZE" }));
  });
});

describe("openCsv", () => {
  it("reads a UTF-16 file with its byte order mark, and a UTF-8 one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "csv-records-"));
    try {
      const text = "Email,Company\nada@example.com,Société\n";
      for (const [name, bytes] of [
        ["utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
        ["utf8.csv", Buffer.from(`\uFEFF${text}`, "utf8")],
      ] as const) {
        writeFileSync(join(dir, name), bytes);
        const reader = await openCsv({ path: join(dir, name), delimiter: "," });
        const rows = [];
        for await (const row of reader.rows) rows.push(row);
        expect(reader.mapping.columns).toEqual({ email: "Email", company: "Company" });
        expect(rows).toEqual([{ row: 2, lead: { email: "ada@example.com", company: "Société" } }]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads CSV text longer than one piece, without its byte order mark", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `person.${i}@example.com,"Company ""${i}"", Inc"`);
    const reader = await openCsv({ text: `\uFEFFEmail,Company\r\n${lines.join("\r\n")}\r\n` });
    const rows = [];
    for await (const row of reader.rows) rows.push(row);
    expect(reader.mapping.columns).toEqual({ email: "Email", company: "Company" });
    expect(rows).toHaveLength(2000);
    expect(rows[1999]).toEqual({ row: 2001, lead: { email: "person.1999@example.com", company: 'Company "1999", Inc' } });
  });

  it("numbers rows as a spreadsheet does: blank rows count, one record over several lines is one row, trailing blanks are dropped", async () => {
    const reader = await openCsv({ text: '\n,,\nEmail,Notes\na@x.example,\n,\n\nb@x.example,"two\nlines"\nc@x.example,\n,,\n\n' });
    const rows = [];
    for await (const row of reader.rows) rows.push(row);
    expect(rows).toEqual([
      { row: 4, lead: { email: "a@x.example", description: "" } },
      { row: 5, lead: null },
      { row: 6, lead: null },
      { row: 7, lead: { email: "b@x.example", description: "two\nlines" } },
      { row: 8, lead: { email: "c@x.example", description: "" } },
    ]);
  });
});
