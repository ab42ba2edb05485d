import { describe, expect, it } from "vitest";
import { parseEmail, parseLinkedinUrl, parseSalesNavId, parseWebUrl } from "./identity.js";

describe("parseEmail", () => {
  it.each([
    ["Ada@Analytical.Example", "Ada@Analytical.Example", "ada@analytical.example"],
    ["  mailto:grace@cobol.example ", "grace@cobol.example", "grace@cobol.example"],
  ])("keeps %s as %s with the key %s", (raw, email, key) => {
    expect(parseEmail(raw)).toEqual({ ok: true, value: { email, key } });
  });

  it.each(["not-an-email", "a@b", "two words@x.example", "<a@b.example>"])("refuses %s with a reason", (raw) => {
    const parsed = parseEmail(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/not an email address/);
  });
});

describe("parseLinkedinUrl", () => {
  it.each([
    ["https://www.linkedin.com/in/grace-hopper", "grace-hopper"],
    ["https://fr.linkedin.com/in/Grace-Hopper/?trk=search", "grace-hopper"],
    ["linkedin.com/in/grace-hopper/details/experience/", "grace-hopper"],
    ["http://www.linkedin.com/in/j%C3%A9r%C3%B4me-dupont", "jérôme-dupont"],
  ])("canonicalises %s to the slug %s", (raw, key) => {
    expect(parseLinkedinUrl(raw)).toEqual({
      ok: true,
      value: { kind: "profile", key, url: `https://www.linkedin.com/in/${encodeURIComponent(key)}` },
    });
  });

  it("reads a Sales Navigator id from a Sales Navigator lead URL", () => {
    expect(parseLinkedinUrl("https://www.linkedin.com/sales/lead/ACwAAB12cd,NAME_SEARCH,xyz?_ntb=1")).toEqual({
      ok: true,
      value: { kind: "sales_nav", id: "ACwAAB12cd" },
    });
  });

  it.each(["https://example.com/in/grace", "https://www.linkedin.com/company/acme", "https://notlinkedin.com/in/x", "grace hopper"])(
    "refuses %s",
    (raw) => {
      expect(parseLinkedinUrl(raw).ok).toBe(false);
    },
  );
});

describe("parseSalesNavId", () => {
  it("accepts an id or a Sales Navigator URL and refuses anything else", () => {
    expect(parseSalesNavId(" ACwAAB12cd ")).toEqual({ ok: true, value: "ACwAAB12cd" });
    expect(parseSalesNavId("https://www.linkedin.com/sales/people/ACwAAB12cd,NAME")).toEqual({ ok: true, value: "ACwAAB12cd" });
    expect(parseSalesNavId("no spaces allowed").ok).toBe(false);
  });
});

describe("parseWebUrl", () => {
  it("accepts http(s) URLs, and bare domains only where allowed", () => {
    expect(parseWebUrl("https://acme.example/about", { bareDomain: false })).toEqual({ ok: true, value: "https://acme.example/about" });
    expect(parseWebUrl("acme.example", { bareDomain: true })).toEqual({ ok: true, value: "https://acme.example/" });
    expect(parseWebUrl("acme.example", { bareDomain: false }).ok).toBe(false);
    expect(parseWebUrl("ftp://acme.example", { bareDomain: true }).ok).toBe(false);
  });
});
