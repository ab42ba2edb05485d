import { describe, expect, it } from "vitest";
import type { Paint } from "../color.js";
import { renderData } from "./data.js";
import { renderEntity } from "./entity.js";
import { renderTable } from "./table.js";

const plain: Paint = { red: (t) => t, yellow: (t) => t, bold: (t) => t, dim: (t) => t };

describe("renderData", () => {
  it("renders a data object holding one list as a table plus its paging fields", () => {
    const text = renderData(
      {
        missions: [
          { id: "mis_1", name: "Q3", stats: { leads: 1 } },
          { id: "mis_2", name: "Q4", stats: { leads: 0 } },
        ],
        next_cursor: null,
      },
      plain,
    );
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME$/);
    expect(lines[1]).toMatch(/^mis_1\s+Q3$/);
    expect(text).toContain("next_cursor: -");
  });

  it("says the list is empty rather than printing a bare header", () => {
    expect(renderData({ offers: [], next_cursor: null }, plain)).toContain("No offers.");
  });

  it("renders one entity as a key/value block with dotted keys", () => {
    const text = renderData({ mission: { id: "mis_1", brief: { cta_url: null, example_messages: ["a", "b"] }, imports: [] } }, plain);
    expect(text).toMatch(/mission\.id\s+mis_1/);
    expect(text).toMatch(/mission\.brief\.cta_url\s+-/);
    expect(text).toMatch(/mission\.brief\.example_messages\s+a, b/);
    expect(text).toMatch(/mission\.imports\s+\(none\)/);
  });
});

describe("renderTable", () => {
  it("puts id first and cuts long cells", () => {
    const text = renderTable([{ name: "x".repeat(80), id: "a" }], { paint: plain, maxCellWidth: 10 });
    expect(text.split("\n")[1]).toBe(`a   ${"x".repeat(9)}…`);
  });
});

describe("renderEntity", () => {
  it("numbers the items of a list of objects", () => {
    expect(renderEntity({ references: [{ title: "A" }] }, plain)).toMatch(/references\[0\]\.title\s+A/);
  });
});
