// The CLI's only contact with its process: streams, environment and working directory, injected so
// unit tests can run a command without touching globals.
import { isatty } from "node:tty";

export interface OutputStream {
  write(text: string): void;
  /** True when a person is probably reading: colours and progress notes are allowed. */
  readonly isTTY: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Reads all of standard input (for `--input-file -`). */
  readStdin(): Promise<string>;
  readonly stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export function processIo(): CliIo {
  return {
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    readStdin: () => readAll(process.stdin),
    // isatty(0), not process.stdin.isTTY: touching process.stdin opens the stream, which costs
    // start-up time on every call that never reads it.
    stdinIsTTY: isatty(0),
    env: process.env,
    cwd: process.cwd(),
  };
}
