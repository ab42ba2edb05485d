// Request ids (X-Request-Id, echoed back) and one JSON log line per request — never a key or a body.
import { randomUUID } from "node:crypto";
import type { Logger } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get("x-request-id");
    const requestId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.locals["requestId"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      logger.info("request", {
        request_id: requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        command_id: res.locals["commandId"],
        key_id: res.locals["keyId"],
      });
    });
    next();
  };
}
