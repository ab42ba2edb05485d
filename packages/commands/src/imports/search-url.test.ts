// Golden tests of the search URLs: the Rest.li encoding of Sales Navigator filters (spaces, commas,
// parentheses, quotes, colons and non-ASCII in text values), the normalisation that makes the same
// search one URL, the code checks, and which LinkedIn URLs are people searches.
import { CommandError } from "@salestouch/runtime";
import { describe, expect, it } from "vitest";
import { linkedinSearchUrl, normaliseFilters, restliString, salesNavQuery, salesNavSearchUrl } from "./search-url.js";

function invalid(fn: () => unknown): { message: string; details: { path: string; message: string }[] } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe("invalid_input");
    return error as never;
  }
  throw new Error("expected invalid_input");
}

describe("Rest.li encoding", () => {
  it("percent-encodes the reserved characters inside a string value", () => {
    expect(restliString("Chief Financial Officer")).toBe("Chief%20Financial%20Officer");
    expect(restliString("Sales, EMEA (Paris): 'lead'")).toBe("Sales%2C%20EMEA%20%28Paris%29%3A%20%27lead%27");
    expect(restliString("Zürich Ünïcödé 東京")).toBe("Z%C3%BCrich%20%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E6%9D%B1%E4%BA%AC");
  });

  it("builds the query and encodes it once more as the URL parameter", () => {
    const filters = normaliseFilters([
      { type: "CURRENT_TITLE", values: [{ text: "VP, Sales (EMEA)" }, { text: "Head of Sales", selection_type: "EXCLUDED" }] },
      { type: "REGION", values: [{ id: "90009659", text: "Zürich" }] },
    ]);
    expect(salesNavQuery(filters, "saas, b2b")).toBe(
      "(filters:List((type:CURRENT_TITLE,values:List((text:VP%2C%20Sales%20%28EMEA%29,selectionType:INCLUDED),(text:Head%20of%20Sales,selectionType:EXCLUDED))),(type:REGION,values:List((id:90009659,text:Z%C3%BCrich,selectionType:INCLUDED)))),keywords:saas%2C%20b2b)",
    );
    expect(salesNavSearchUrl(filters, "saas, b2b")).toBe(
      "https://www.linkedin.com/sales/search/people?query=(filters%3AList((type%3ACURRENT_TITLE%2Cvalues%3AList((text%3AVP%252C%2520Sales%2520%2528EMEA%2529%2CselectionType%3AINCLUDED)%2C(text%3AHead%2520of%2520Sales%2CselectionType%3AEXCLUDED)))%2C(type%3AREGION%2Cvalues%3AList((id%3A90009659%2Ctext%3AZ%25C3%25BCrich%2CselectionType%3AINCLUDED))))%2Ckeywords%3Asaas%252C%2520b2b)",
    );
    // Decoding the parameter gives the query back, and each value decodes to its text.
    const query = new URL(salesNavSearchUrl(filters, "saas, b2b")).searchParams.get("query")!;
    expect(query).toBe(salesNavQuery(filters, "saas, b2b"));
    expect(decodeURIComponent("VP%2C%20Sales%20%28EMEA%29")).toBe("VP, Sales (EMEA)");
  });

  it("leaves keywords out when there are none, and filters out when there are only keywords", () => {
    const filters = normaliseFilters([{ type: "COMPANY_HEADCOUNT", values: [{ id: "b" }] }]);
    expect(salesNavQuery(filters, null)).toBe("(filters:List((type:COMPANY_HEADCOUNT,values:List((id:B,text:1-10,selectionType:INCLUDED)))))");
    expect(salesNavQuery([], "cfo")).toBe("(keywords:cfo)");
  });
});

describe("normaliseFilters", () => {
  it("sorts types, merges a repeated type, de-duplicates and sorts values, fills code labels, makes company ids URNs", () => {
    const a = normaliseFilters([
      { type: "SENIORITY_LEVEL", values: [{ id: "8" }, { id: "7" }] },
      { type: "CURRENT_COMPANY", values: [{ id: "1441", text: "Google" }] },
      { type: "SENIORITY_LEVEL", values: [{ id: "8", text: "CXO" }] },
      { type: "CURRENT_TITLE", values: [{ text: "  Chief   Financial Officer " }, { text: "chief financial officer" }] },
    ]);
    expect(a).toEqual([
      { type: "CURRENT_COMPANY", values: [{ id: "urn:li:organization:1441", text: "Google", selection_type: "INCLUDED" }] },
      { type: "CURRENT_TITLE", values: [{ text: "Chief Financial Officer", selection_type: "INCLUDED" }] },
      {
        type: "SENIORITY_LEVEL",
        values: [
          { id: "7", text: "VP", selection_type: "INCLUDED" },
          { id: "8", text: "CXO", selection_type: "INCLUDED" },
        ],
      },
    ]);
    // The same search in another order is the same URL.
    const b = normaliseFilters([
      { type: "CURRENT_TITLE", values: [{ text: "Chief Financial Officer" }] },
      { type: "SENIORITY_LEVEL", values: [{ id: "7" }, { id: "8" }] },
      { type: "CURRENT_COMPANY", values: [{ id: "urn:li:organization:1441", text: "Google" }] },
    ]);
    expect(salesNavSearchUrl(b, null)).toBe(salesNavSearchUrl(a, null));
  });

  it("refuses unknown types and bad codes, naming each by path with what is allowed", () => {
    const error = invalid(() =>
      normaliseFilters([
        { type: "COMPANY_HEADCOUNT", values: [{ id: "J" }, { id: "A" }] },
        { type: "SENIORITY_LEVEL", values: [{ id: "11" }] },
        { type: "SHOE_SIZE", values: [{ id: "42" }] },
        { type: "REGION", values: [{ id: "paris" }] },
        { type: "CURRENT_TITLE", values: [{ id: "5" }] },
        {
          type: "FUNCTION",
          values: [
            { id: "8", selection_type: "INCLUDED" },
            { id: "8", selection_type: "EXCLUDED" },
          ],
        },
      ]),
    );
    expect(error.details.map((d) => d.path)).toEqual([
      "/filters/0/values/0/id",
      "/filters/1/values/0/id",
      "/filters/2/type",
      "/filters/3/values/0/id",
      "/filters/4/values/0/text",
      "/filters/5/values/1",
    ]);
    expect(error.details[0]!.message).toContain("A (Self-employed)");
    expect(error.details[0]!.message).toContain("I (10,001+)");
    expect(error.details[1]!.message).toContain("10 (Owner)");
    expect(error.details[2]!.message).toContain("COMPANY_HEADCOUNT");
    expect(error.details[5]!.message).toContain("both INCLUDED and EXCLUDED");
  });
});

describe("linkedinSearchUrl", () => {
  it("accepts LinkedIn and Sales Navigator people searches, normalised", () => {
    expect(linkedinSearchUrl("http://fr.linkedin.com/search/results/people/?keywords=cfo&origin=GLOBAL_SEARCH_HEADER&sid=x1#top")).toBe(
      "https://www.linkedin.com/search/results/people/?keywords=cfo",
    );
    const salesNav = "https://www.linkedin.com/sales/search/people?query=(filters%3AList((type%3AREGION%2Cvalues%3AList((id%3A1)))))&_ntb=abc";
    expect(linkedinSearchUrl(salesNav)).toBe(
      "https://www.linkedin.com/sales/search/people?query=(filters%3AList((type%3AREGION%2Cvalues%3AList((id%3A1)))))",
    );
  });

  it.each([
    ["not a URL", "is not an http(s) URL"],
    ["ftp://www.linkedin.com/search/results/people/", "is not an http(s) URL"],
    ["https://www.linkedin.com.evil.example/search/results/people/", "is not on linkedin.com"],
    ["https://www.linkedin.com/search/results/companies/?keywords=x", "is not a people search"],
    ["https://www.linkedin.com/in/ada-lovelace", "is not a people search"],
  ])("refuses %s", (url, why) => {
    const error = invalid(() => linkedinSearchUrl(url));
    expect(error.details[0]!.path).toBe("/search_url");
    expect(error.message).toContain(why);
  });
});
