import { describe, expect, it } from "vitest";
import { locateJsonProblem } from "./json-error.js";

const cases: [string, { text: string; line: number; column: number; problem: RegExp }][] = [
  ["a missing value", { text: '{"name": }', line: 1, column: 10, problem: /unexpected "}"/ }],
  ["single-quoted keys", { text: "{'name': 1}", line: 1, column: 2, problem: /single quotes/ }],
  ["a trailing comma", { text: '{"a": 1,}', line: 1, column: 9, problem: /trailing comma/ }],
  ["an unterminated object", { text: '{"a": 1', line: 1, column: 8, problem: /ends too early/ }],
  ["text after the value", { text: '{"a": 1} x', line: 1, column: 10, problem: /after the JSON value/ }],
  ["a break on a later line", { text: '{\n  "a": 1\n  "b": 2\n}', line: 3, column: 3, problem: /expected "," or "}"/ }],
  ["a raw newline in a string", { text: '{"a": "x\ny"}', line: 1, column: 9, problem: /line break/ }],
];

describe("locateJsonProblem", () => {
  it.each(cases)("finds %s", (_name, { text, line, column, problem }) => {
    const found = locateJsonProblem(text);
    expect(found).not.toBeNull();
    expect([found!.line, found!.column]).toEqual([line, column]);
    expect(found!.problem).toMatch(problem);
    expect(found!.excerpt).toContain("⟨here⟩");
  });

  it.each(['{"a": [1, 2.5e3, true, false, null, "\\u00e9\\n"]}', "[]", '"x"', "-0.5"])("accepts valid JSON %s", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonProblem(text)).toBeNull();
  });
});
