// GET /api/v1/resources and GET /api/v1/resources/read?uri=…: the read-only resources of
// spec/resources.json, read as the caller (its scopes and workspace apply).
import { CommandError, listResources, readResource, type Runtime } from "@salestouch/runtime";
import type { NextFunction, Request, Response } from "express";
import { principalOf } from "../auth.js";
import { sendPlainError } from "../http-errors.js";

const listBody = JSON.stringify({
  data: { resources: listResources().map(({ uri, name, description, mimeType }) => ({ uri, name, description, mimeType })) },
});

export function listResourcesRoute(_req: Request, res: Response): void {
  res.type("application/json").send(listBody);
}

export function readResourceRoute(runtime: Runtime) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // Required, once, non-empty: express-openapi-validator checked it (spec/openapi.yaml).
    const uri = String(req.query["uri"]);
    try {
      const resource = await readResource(runtime, uri, { principal: principalOf(res), requestId: res.locals["requestId"] as string });
      res.json({ data: { resource } });
    } catch (error) {
      if (error instanceof CommandError) sendPlainError(res, error.code, error.message, error.hint);
      else next(error);
    }
  };
}
