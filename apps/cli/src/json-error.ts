// Where a JSON text breaks. JSON.parse's messages do not always carry a position, so a small
// scanner walks the text and names the first offset that cannot be part of valid JSON.
export interface JsonProblem {
  offset: number;
  line: number;
  column: number;
  problem: string;
  /** The text around the offset on its line, with ⟨here⟩ marking the offset. */
  excerpt: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanner(text: string) {
  let at = 0;
  const fail = (problem: string): never => {
    throw new Stop(at, at >= text.length ? "the text ends too early" : problem);
  };
  const space = () => {
    while (at < text.length && " \t\r\n".includes(text[at]!)) at++;
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      const c = text.charCodeAt(at);
      if (c < 0x20) fail("a raw line break or control character inside a string; write it as \\n");
      if (text[at] === "\\") {
        at++;
        if (text[at] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) at += 4;
        else if (!'"\\/bfnrt'.includes(text[at] ?? "")) fail("an invalid escape sequence in a string");
      }
      at++;
    }
    if (at >= text.length) fail("an unterminated string");
    at++;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === "{") object();
    else if (c === "[") array();
    else if (c === '"') string();
    else {
      const word = ["true", "false", "null"].find((w) => text.startsWith(w, at));
      NUMBER.lastIndex = at;
      if (word !== undefined) at += word.length;
      else if (c !== undefined && /[-\d]/.test(c) && NUMBER.test(text)) at = NUMBER.lastIndex;
      else fail(c === "'" ? "single quotes; JSON strings and keys need double quotes" : `unexpected ${JSON.stringify(c)} where a value should be`);
    }
  };
  const members = (close: string, member: () => void, what: string): void => {
    at++;
    space();
    if (text[at] === close) return void at++;
    for (;;) {
      member();
      space();
      if (text[at] === ",") {
        at++;
        space();
        if (text[at] === close) fail(`a trailing comma before "${close}"`);
        continue;
      }
      if (text[at] === close) return void at++;
      fail(`expected "," or "${close}" after ${what}`);
    }
  };
  const object = () =>
    members(
      "}",
      () => {
        space();
        if (text[at] !== '"') fail(text[at] === "'" ? "single quotes; JSON keys need double quotes" : "expected a property name in double quotes");
        string();
        space();
        if (text[at] !== ":") fail('expected ":" after a property name');
        at++;
        value();
      },
      "a property value",
    );
  const array = () => members("]", value, "an array element");
  return {
    run(): void {
      value();
      space();
      if (at < text.length) fail("unexpected text after the JSON value");
    },
  };
}

function position(text: string, offset: number): { line: number; column: number; excerpt: string } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = text.indexOf("\n", offset) === -1 ? text.length : text.indexOf("\n", offset);
  const from = Math.max(lineStart, offset - 30);
  const to = Math.min(lineEnd, offset + 15);
  const excerpt = `${from > lineStart ? "…" : ""}${text.slice(from, offset)}⟨here⟩${text.slice(offset, to)}${to < lineEnd ? "…" : ""}`;
  return { line, column: offset - lineStart + 1, excerpt };
}

/** The first problem in `text`, or null when it is valid JSON. */
export function locateJsonProblem(text: string): JsonProblem | null {
  try {
    scanner(text).run();
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { offset: error.offset, problem: error.problem, ...position(text, error.offset) };
  }
}
