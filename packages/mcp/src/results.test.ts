import type { Envelope } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { thrownResult, toolResult } from "./results.js";

const meta = { approval_required: false, approval_request_id: null, command_hash: "a".repeat(64), warnings: [] };

describe("toolResult", () => {
  it("puts data in structuredContent and, as JSON, in the text", () => {
    const envelope: Envelope = { ok: true, status: 200, data: { mission: { id: "mis_1" } }, error: null, meta };
    const result = toolResult("mission.get", envelope);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ mission: { id: "mis_1" } });
    expect(result.content).toEqual([{ type: "text", text: '{"mission":{"id":"mis_1"}}' }]);
    expect(result._meta).toEqual({ command_id: "mission.get", status: 200, ...meta });
  });

  it("adds warnings and approval state as text a model reads", () => {
    const envelope: Envelope = {
      ok: true,
      status: 202,
      data: {},
      error: null,
      meta: { ...meta, approval_required: true, approval_request_id: "apr_1", warnings: ["compact profile"] },
    };
    const text = toolResult("import.run", envelope)
      .content.map((c) => (c.type === "text" ? c.text : ""))
      .join("\n");
    expect(text).toContain("apr_1");
    expect(text).toContain("compact profile");
  });

  it("reports a command failure with isError, the code, the details and the fix, and no structuredContent", () => {
    const envelope: Envelope = {
      ok: false,
      status: 400,
      data: null,
      meta,
      error: {
        code: "invalid_input",
        message: "input is invalid",
        hint: "Fix the fields listed.",
        retryable: false,
        details: [{ path: "/name", message: "is required" }],
      },
    };
    const result = toolResult("mission.create", envelope);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta?.["error_code"]).toBe("invalid_input");
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    expect(text).toBe("invalid_input: input is invalid\n  - /name: is required\nHow to fix: Fix the fields listed.");
  });
});

describe("thrownResult", () => {
  it("keeps the code and hint of an error that carries them", () => {
    const result = thrownResult(
      "mission.list",
      Object.assign(new Error("this API key is not valid"), { code: "unauthenticated", hint: "Create a key." }),
    );
    expect(result.isError).toBe(true);
    expect(result._meta).toEqual({ command_id: "mission.list", error_code: "unauthenticated" });
  });

  it("calls a network failure unavailable and says what to check", () => {
    const result = thrownResult("mission.list", new TypeError("fetch failed"));
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    expect(text).toMatch(/^unavailable: fetch failed\nHow to fix: Check that the SalesTouch server is reachable/);
  });
});
