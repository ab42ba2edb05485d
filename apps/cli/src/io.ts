// The CLI's only contact with its process: streams, environment and working directory, injected so
// unit tests can run a command without touching globals.
import { fstatSync, writeSync } from "node:fs";

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

/**
 * Whether `fd` is a terminal, asked of node:tty only when it may be one. Why: node:tty loads
 * node:net and the stream modules (a few milliseconds of every call), and a terminal is always a
 * character device, so a pipe or a file (an agent's call) is answered by one fstat. A character
 * device that is not a terminal (/dev/null) still gets tty's answer.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule("node:tty").isatty(fd);
}

/** The stream's error handling of before: a reader that stops early (`salestouch db export | head`) is not a failure. */
function stdoutStream(): NodeJS.WriteStream {
  const stream = process.stdout;
  if (stream.listenerCount("error") === 0) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      throw error;
    });
  }
  return stream;
}

/**
 * Standard output or error, written with write(2) on its descriptor. Why: `process.stdout` on a
 * pipe is a net.Socket, and creating it loads node:net and Node's stream modules — a tenth of a
 * short call's start. Node writes pipes, files and terminals synchronously on Linux anyway, so
 * the order of what is written stays the same. Anything write(2) does not simply take (a
 * non-blocking descriptor that is full, a closed reader, another error) goes to the process's
 * stream from there on, with the rest of the text, which then behaves exactly as before.
 */
function descriptorOutput(fd: 1 | 2): OutputStream {
  const stream = (): NodeJS.WriteStream => (fd === 1 ? stdoutStream() : process.stderr);
  let direct = process.platform !== "win32";
  let tty: boolean | undefined;
  return {
    write(text) {
      if (!direct) return void stream().write(text);
      const bytes = Buffer.from(text, "utf8");
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
      } catch {
        direct = false;
        stream().write(bytes.subarray(written));
      }
    },
    get isTTY() {
      tty ??= isTerminal(fd);
      return tty;
    },
  };
}

export function processIo(): CliIo {
  let stdinIsTTY: boolean | undefined;
  return {
    stdout: descriptorOutput(1),
    stderr: descriptorOutput(2),
    readStdin: () => readAll(process.stdin),
    // Not process.stdin.isTTY: touching process.stdin opens the stream, which costs start-up time
    // on every call that never reads it.
    get stdinIsTTY() {
      stdinIsTTY ??= isTerminal(0);
      return stdinIsTTY;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
