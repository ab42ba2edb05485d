import { commandIds, registry } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";
import { createPreviews } from "./handlers.js";

describe("previews", () => {
  it("exist for exactly the commands with an approval_output_schema, so any of them can be held", () => {
    const needed = commandIds.filter((id) => registry[id].approvalOutputSchema !== null).sort();
    expect(Object.keys(createPreviews()).sort()).toEqual(needed);
  });
});
