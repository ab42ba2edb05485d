import { describe, expect, it } from "vitest";
import { signature, signatureHeader, verifySignature } from "./signature.js";

const SECRET = "whsec_0123456789abcdef";
const BODY = '{"id":"obx_1"}';
const NOW = 1_800_000_000;

describe("webhook signatures", () => {
  it("sign the timestamp and body with HMAC-SHA256", () => {
    // The reference value a receiver computes with any HMAC library: hex(HMAC_SHA256(secret, "<t>.<body>")).
    expect(signature(SECRET, NOW, BODY)).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureHeader(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${signature(SECRET, NOW, BODY)}`);
  });

  it("verify only the exact body, secret and a recent timestamp", () => {
    const header = signatureHeader(SECRET, NOW, BODY);
    expect(verifySignature(SECRET, header, BODY, { now: NOW + 10 })).toBe(true);
    expect(verifySignature(SECRET, header, `${BODY} `, { now: NOW })).toBe(false);
    expect(verifySignature("whsec_another_secret_00", header, BODY, { now: NOW })).toBe(false);
    expect(verifySignature(SECRET, header, BODY, { now: NOW + 301 })).toBe(false);
    expect(verifySignature(SECRET, undefined, BODY, { now: NOW })).toBe(false);
    expect(verifySignature(SECRET, "t=abc,v1=zz", BODY, { now: NOW })).toBe(false);
  });
});
