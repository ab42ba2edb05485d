import { errorCatalogue, type Envelope } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { EXIT, EXIT_CODES, exitCodeForEnvelope, exitCodeForError, exitCodesText } from "./exit-codes.js";

const meta = { approval_required: false, approval_request_id: null, command_hash: "0".repeat(64), warnings: [] };

describe("exit codes", () => {
  it("documents the exit code of every catalogue error", () => {
    const documented = new Set(EXIT_CODES.map((row) => row.code));
    for (const entry of Object.values(errorCatalogue)) expect(documented, entry.code).toContain(entry.exit_code);
  });

  it("gives every catalogue error the exit code the catalogue names", () => {
    for (const entry of Object.values(errorCatalogue)) expect(exitCodeForError(entry.code)).toBe(entry.exit_code);
  });

  it("lists each exit code once, in order, with a meaning", () => {
    expect(EXIT_CODES.map((row) => row.code)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const row of EXIT_CODES) expect(row.meaning.length).toBeGreaterThan(10);
  });

  it("treats a code outside the catalogue as an internal fault", () => {
    expect(exitCodeForError("no_such_code")).toBe(EXIT.internal);
  });

  it("exits 6 when a successful envelope waits for approval", () => {
    const pending: Envelope = {
      ok: true,
      status: 202,
      data: {},
      error: null,
      meta: { ...meta, approval_required: true, approval_request_id: "apr_1" },
    };
    expect(exitCodeForEnvelope(pending)).toBe(EXIT.approvalPending);
  });

  it("exits 0 on success and with the catalogue code on failure", () => {
    expect(exitCodeForEnvelope({ ok: true, status: 200, data: {}, error: null, meta })).toBe(0);
    const failed: Envelope = { ok: false, status: 404, data: null, error: { code: "not_found", message: "m", hint: "h", retryable: false }, meta };
    expect(exitCodeForEnvelope(failed)).toBe(3);
  });

  it("prints every catalogue code in the help text", () => {
    const text = exitCodesText();
    for (const code of Object.keys(errorCatalogue)) expect(text).toContain(code);
  });
});
