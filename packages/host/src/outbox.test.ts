// The outbox CSV: every cell a spreadsheet could run as a formula is neutralised; text is kept.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv, type OutboxExportRow } from "./outbox.js";

describe("csvCell", () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://evil.example","click")', '"\'=HYPERLINK(""http://evil.example"",""click"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", '"\'\t=1"'],
    ["\r=1", '"\'\r=1"'],
  ])("neutralises %j", (value, want) => {
    expect(csvCell(value)).toBe(want);
  });

  it("keeps ordinary text, quoting what CSV needs", () => {
    expect(csvCell("Hi Ada, a note")).toBe('"Hi Ada, a note"');
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(3)).toBe("3");
    expect(csvCell(null)).toBe("");
  });

  it("applies to every column of the export", () => {
    const row = Object.fromEntries(
      ["queue_item_id", "recipient_name", "body_text", "last_error"].map((k) => [k, "=1+1"]),
    ) as unknown as OutboxExportRow;
    const line = toCsv([row]).split("\r\n")[1]!;
    expect(line).not.toMatch(/(^|,)=/);
    expect(line.match(/'=1\+1/g)).toHaveLength(4);
  });
});
