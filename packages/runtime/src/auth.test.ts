import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, hashesEqual, hasScope, secretsEqual, looksLikeApiKey, parseScopes, requiredScope } from "./auth.js";

describe("API keys", () => {
  it("are st_ followed by 256 random bits, and only their hash is kept", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^st_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).not.toContain(a.key.slice(3));
    expect(a.displayPrefix.length).toBeLessThan(12);
    expect(looksLikeApiKey(a.key)).toBe(true);
    expect(looksLikeApiKey("sk_nope")).toBe(false);
  });

  it("compares hashes in constant time and only equal ones match", () => {
    const { hash } = generateApiKey();
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, hashApiKey("st_other"))).toBe(false);
    expect(hashesEqual(hash, "abc")).toBe(false);
  });

  it("compares text secrets byte for byte, of any length", () => {
    expect(secretsEqual("tok-é", "tok-é")).toBe(true);
    expect(secretsEqual("tok-e", "tok-é")).toBe(false);
    expect(secretsEqual("", "x")).toBe(false);
    expect(secretsEqual("abcd", "abce")).toBe(false);
  });
});

describe("scopes", () => {
  it("maps risk to the read or write scope of the category", () => {
    expect(requiredScope({ category: "missions", risk: "read" })).toBe("missions.read");
    expect(requiredScope({ category: "imports", risk: "approval" })).toBe("imports.write");
  });

  it("grants everything to *", () => {
    expect(hasScope({ workspaceId: "w", keyId: null, scopes: ["*"], kind: "local" }, "leads.write")).toBe(true);
  });

  it("rejects unknown scope names with the list of valid ones", () => {
    expect(() => parseScopes("missions.read,missions.delete")).toThrow(/missions\.delete.*missions\.read/);
    expect(parseScopes("")).toEqual(["*"]);
  });
});
