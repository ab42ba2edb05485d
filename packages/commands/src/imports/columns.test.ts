import { describe, expect, it } from "vitest";
import { mapColumns, normaliseHeader } from "./columns.js";
import { sniffDelimiter } from "./csv-source.js";

describe("mapColumns", () => {
  it("maps common export headers to lead fields and lists the others as ignored", () => {
    const mapping = mapColumns(["First Name", "Last Name", "E-mail", "LinkedIn URL", "Company Name", "Title", "Favourite colour"]);
    expect(mapping.columns).toEqual({
      first_name: "First Name",
      last_name: "Last Name",
      email: "E-mail",
      linkedin_url: "LinkedIn URL",
      company: "Company Name",
      job_title: "Title",
    });
    expect(mapping.ignored).toEqual(["Favourite colour"]);
  });

  it("lets an explicit mapping win over the automatic one", () => {
    const mapping = mapColumns(["Email", "Work Email", "Société"], { email: "Work Email" });
    expect(mapping.columns).toEqual({ email: "Work Email", company: "Société" });
    expect(mapping.ignored).toEqual(["Email"]);
  });

  it("refuses an explicit header the CSV does not have, naming the headers it has", () => {
    expect(() => mapColumns(["Email"], { company: "Organisation" })).toThrow(/columns.company names "Organisation"/);
  });

  it("refuses a header without any identifier column", () => {
    expect(() => mapColumns(["Name", "Company"])).toThrow(/no CSV column maps to an identifier/);
  });

  it("ignores case, accents, spaces and punctuation in headers", () => {
    expect(normaliseHeader(" Prénom_ ")).toBe("prenom");
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["a,b,c", ","],
    ["a;b;c", ";"],
    ["a\tb\tc", "\t"],
    ["a|b", "|"],
    ['"x;y",b', ","],
    ["single", ","],
  ])("reads %j as delimited by %j", (line, delimiter) => {
    expect(sniffDelimiter(line)).toBe(delimiter);
  });
});
