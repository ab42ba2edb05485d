import { describe, expect, it } from "vitest";
import { approvalTtlFrom, dispatcherFrom, parseDuration } from "./approval-settings.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000], ["30m", 1_800_000], ["24h", 86_400_000], ["2d", 172_800_000], ["500ms", 500], ["3600", 3_600_000], ["0", 0],
  ] as const)("reads %s as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("refuses what is not a duration", () => {
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("-5m")).toBeUndefined();
  });
});

describe("approvalTtlFrom", () => {
  it("defaults to 24 hours and names the variable when it is wrong", () => {
    expect(approvalTtlFrom({})).toBe(86_400_000);
    expect(approvalTtlFrom({ SALESTOUCH_APPROVAL_TTL: "15m" })).toBe(900_000);
    expect(() => approvalTtlFrom({ SALESTOUCH_APPROVAL_TTL: "a while" })).toThrow(/SALESTOUCH_APPROVAL_TTL=a while/);
  });
});

describe("dispatcherFrom", () => {
  it("uses the outbox unless a webhook is configured", () => {
    expect(dispatcherFrom({}).name).toBe("outbox");
    expect(dispatcherFrom({ SALESTOUCH_WEBHOOK_URL: "https://send.example/hook", SALESTOUCH_WEBHOOK_SECRET: "0123456789abcdef" }).name).toBe("webhook");
  });

  it("refuses a webhook without its URL or a long enough secret, and an unknown dispatcher", () => {
    expect(() => dispatcherFrom({ SALESTOUCH_DISPATCHER: "webhook" })).toThrow(/SALESTOUCH_WEBHOOK_URL/);
    expect(() => dispatcherFrom({ SALESTOUCH_WEBHOOK_URL: "https://send.example/hook", SALESTOUCH_WEBHOOK_SECRET: "short" })).toThrow(/SALESTOUCH_WEBHOOK_SECRET/);
    expect(() => dispatcherFrom({ SALESTOUCH_DISPATCHER: "carrier-pigeon" })).toThrow(/outbox.*webhook/);
  });
});
