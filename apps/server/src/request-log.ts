// Request ids (X-Request-Id, echoed back) and one JSON log line per request — never a key or a body.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { traceFromHeader, type Logger, type TraceContext } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** What a request's log line names besides method, path and status; filled in as the request goes. */
export interface RequestFacts {
  requestId: string;
  commandId?: string;
  keyId?: string | null;
  /** The request's W3C trace (the caller's traceparent continued, or a new trace). */
  trace: TraceContext;
}

/** Called once a request is answered: what the metrics count. */
export type RequestObserver = (req: IncomingMessage, res: ServerResponse, facts: RequestFacts, seconds: number) => void;

/** The path of a request URL, without its query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Each answered request's facts, for the steps that log without being handed them (error answers, the response check). */
const FACTS = new WeakMap<ServerResponse, RequestFacts>();

/** The facts trackRequest gave this response's request, if it did. */
export function requestFactsOf(res: ServerResponse): RequestFacts | undefined {
  return FACTS.get(res);
}

/** Gives the request its id (the caller's X-Request-Id when it is safe to echo) and logs it when answered. */
export function trackRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, observe?: RequestObserver): RequestFacts {
  const given = req.headers["x-request-id"];
  const trace = traceFromHeader(req.headers["traceparent"]);
  const facts: RequestFacts = { requestId: typeof given === "string" && SAFE_ID.test(given) ? given : randomUUID(), trace };
  FACTS.set(res, facts);
  res.setHeader("X-Request-Id", facts.requestId);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observe?.(req, res, facts, seconds);
    logger.info("request", {
      request_id: facts.requestId,
      trace_id: trace.traceId,
      span_id: trace.spanId,
      method: req.method,
      path: pathOf(req),
      status: res.statusCode,
      ms: Math.round(seconds * 1e6) / 1000,
      command_id: facts.commandId,
      key_id: facts.keyId ?? undefined,
    });
  });
  return facts;
}

/** The Express form: the facts live in res.locals, where the routes read the request id and set the key. */
export function requestLog(logger: Logger, observe?: RequestObserver) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const facts = trackRequest(logger, req, res, observe);
    res.locals["requestId"] = facts.requestId;
    res.locals["facts"] = facts;
    next();
  };
}
