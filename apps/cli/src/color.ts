// ANSI colours, only for a terminal and never when NO_COLOR is set (https://no-color.org).
import type { CliIo, OutputStream } from "./io.js";

export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const plain: Paint = { red: (t) => t, yellow: (t) => t, bold: (t) => t, dim: (t) => t };

const ansi: Paint = {
  red: (t) => `\x1b[31m${t}\x1b[39m`,
  yellow: (t) => `\x1b[33m${t}\x1b[39m`,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
};

/**
 * The paint for a stream, chosen when it first paints: asking whether a stream is a terminal may
 * load node:tty (io.ts), which a call that paints nothing (an agent's `--json` call) need not pay for.
 */
export function colorsFor(stream: OutputStream, env: CliIo["env"]): Paint {
  let chosen: Paint | undefined;
  const paint = (): Paint => {
    const disabled = typeof env["NO_COLOR"] === "string" && env["NO_COLOR"] !== "";
    chosen ??= stream.isTTY && !disabled ? ansi : plain;
    return chosen;
  };
  return {
    red: (t) => paint().red(t),
    yellow: (t) => paint().yellow(t),
    bold: (t) => paint().bold(t),
    dim: (t) => paint().dim(t),
  };
}
