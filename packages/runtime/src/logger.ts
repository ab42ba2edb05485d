// JSON-lines logging. Surfaces choose the stream (stderr for the CLI and MCP stdio); secrets never enter.
// A line written while a request is served carries its trace and span ids: the request's code
// writes through tracedLogger (trace.ts says why the trace is handed along, not looked up).
import type { TraceContext } from "./trace.js";

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
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...options.base, ...fields })}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: Logger = createJsonLogger({ level: "silent" });

/** `logger` with the trace's ids on every line, ahead of the line's own fields (none without a trace). */
export function tracedLogger(logger: Logger, trace: TraceContext | undefined): Logger {
  if (!trace) return logger;
  const withIds = (fields?: Record<string, unknown>): Record<string, unknown> => ({ trace_id: trace.traceId, span_id: trace.spanId, ...fields });
  return {
    debug: (m, f) => logger.debug(m, withIds(f)),
    info: (m, f) => logger.info(m, withIds(f)),
    warn: (m, f) => logger.warn(m, withIds(f)),
    error: (m, f) => logger.error(m, withIds(f)),
  };
}
