import { errorCatalogue, type ErrorCode } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { CommandError, notFound } from "./errors.js";
import { hasToken, renderHint, SURFACES, type Surface } from "./hints.js";

/** What a surface's reader cannot use: another surface's means. */
const FOREIGN: Record<Surface, RegExp[]> = {
  rest: [/_approval_request_id/, /describe_tool/, /--approval\b/, /tools\/list/, /`salestouch (commands|help|approvals show)/],
  cli: [/\/api\/v1/, /_approval_request_id/, /describe_tool/, /tools\/list/, /Retry-After header/],
  mcp: [/\/api\//, /`salestouch /, /salestouch (commands|help|approvals|keys|policy) /, /--[a-z]/, /error\.details/, /Retry-After header/],
};

const codes = Object.keys(errorCatalogue) as ErrorCode[];

describe("catalogue hints, per surface", () => {
  it.each(codes.flatMap((code) => SURFACES.map((surface) => [code, surface] as const)))(
    "%s over %s names only that surface's means",
    (code, surface) => {
      const text = new CommandError(code).hintFor(surface);
      expect(text.length).toBeGreaterThan(10);
      expect(hasToken(text)).toBe(false);
      for (const foreign of FOREIGN[surface]) expect(text, `${code} over ${surface}: ${text}`).not.toMatch(foreign);
    },
  );

  it("keeps the REST wording as error.hint, the published field", () => {
    for (const code of codes) expect(new CommandError(code).hint).toBe(errorCatalogue[code].hint);
  });
});

describe("renderHint", () => {
  it("spells each means for each surface", () => {
    const template =
      "Run {{run mission.list}}, read {{schema mission.create}}, list {{commands}}, collect with {{approval-arg}}, retry with {{idempotency-arg}}, fix {{field target_audience}}.";
    expect(renderHint(template, "rest")).toBe(
      "Run POST /api/v1/commands/mission.list, read GET /api/v1/commands/mission.create/schema, list GET /api/v1/commands, collect with approval_request_id (next to input in the body), retry with the Idempotency-Key header, fix input.target_audience.",
    );
    expect(renderHint(template, "cli")).toBe(
      "Run `salestouch commands run mission.list`, read `salestouch help mission.create` (its fields as flags), list `salestouch commands list`, collect with --approval, retry with --idempotency-key, fix --target-audience.",
    );
    expect(renderHint(template, "mcp")).toBe(
      'Run mission_list, read describe_tool with {"name": "mission_create"}, list tools/list, collect with "_approval_request_id", retry with "_idempotency_key", fix "target_audience".',
    );
  });

  it("takes one wording per surface, REST's standing in for a surface without its own", () => {
    expect(renderHint({ rest: "route", cli: "verb" }, "cli")).toBe("verb");
    expect(renderHint({ rest: "route", cli: "verb" }, "mcp")).toBe("route");
  });

  it("words a missing entity's hint with the list command of each surface", () => {
    const error = notFound("mission", "mis_x", "mission.list");
    expect(error.hintFor("mcp")).toContain("mission_list");
    expect(error.hintFor("cli")).toContain("salestouch commands run mission.list");
    expect(error.hint).toContain("POST /api/v1/commands/mission.list");
  });
});
