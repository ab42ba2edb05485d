// JSON-lines logging. Surfaces choose the stream (stderr for the CLI and MCP stdio); secrets never enter.
// A line written while a request is served carries its trace and span ids (trace.ts).
import { currentTrace } from "./trace.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface JsonLoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < threshold) return;
    const trace = currentTrace();
    const ids = trace ? { trace_id: trace.traceId, span_id: trace.spanId } : undefined;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...options.base, ...ids, ...fields })}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: Logger = createJsonLogger({ level: "silent" });
