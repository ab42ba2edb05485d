import { describe, expect, it } from "vitest";
import { splitArguments } from "./call-options.js";

describe("splitArguments", () => {
  it("takes the reserved arguments out of the command input", () => {
    const { input, options } = splitArguments({ draft_id: "drf_1", _approval_request_id: "apr_1", _idempotency_key: "k-1" }, undefined);
    expect(input).toEqual({ draft_id: "drf_1" });
    expect(options).toEqual({ approvalRequestId: "apr_1", idempotencyKey: "k-1" });
  });

  it("reads the same values from _meta, where a host puts them", () => {
    const { input, options } = splitArguments({ draft_id: "drf_1" }, { approval_request_id: "apr_2", idempotency_key: "k-2" });
    expect(input).toEqual({ draft_id: "drf_1" });
    expect(options).toEqual({ approvalRequestId: "apr_2", idempotencyKey: "k-2" });
  });

  it("leaves input that is not an object to the runtime's validation", () => {
    expect(splitArguments(["x"], undefined)).toEqual({ input: ["x"], options: {} });
  });
});
