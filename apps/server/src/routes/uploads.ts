// /api/v1/uploads: a CSV file streamed to the server's disk for import.csv's upload_id. The body
// is piped to the upload store as it arrives (no body parser reads it), so its size is bounded
// by SALESTOUCH_UPLOAD_LIMIT, not by memory or SALESTOUCH_BODY_LIMIT. Any request validator
// mounted over the Express routes must leave this body alone (it is a raw byte stream).
import type { UploadStore } from "@salestouch/host";
import { CommandError, hasScope } from "@salestouch/runtime";
import express, { type NextFunction, type Request, type Response } from "express";
import { principalOf } from "../auth.js";
import { sendPlainError } from "../http-errors.js";

const CSV_TYPES = /^(text\/csv|text\/plain|application\/csv|application\/octet-stream)\s*(?:;|$)/i;

type Route = (req: Request, res: Response) => Promise<unknown>;

function answer(route: Route, status = 200) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const data = await route(req, res);
      if (!res.headersSent) res.status(status).json({ data });
    } catch (error) {
      if (req.destroyed && !req.complete) return; // the client went away mid-upload; nothing to answer
      if (error instanceof CommandError) {
        // The client may still be sending: let the rest drain, answer, and close the connection.
        if (!req.complete) {
          res.setHeader("Connection", "close");
          req.resume();
        }
        sendPlainError(res, error.code, error.message, error.hint);
      } else next(error);
    }
  };
}

function requireImports(res: Response, scope: "imports.write" | "imports.read"): void {
  if (!hasScope(principalOf(res), scope)) {
    throw new CommandError("forbidden", `uploads need an API key with the ${scope} scope`, { hint: `Use a key with ${scope} (or *).` });
  }
}

function notFound(id: string): CommandError {
  return new CommandError("not_found", `upload ${id} does not exist in this workspace (unknown, expired or deleted)`, {
    hint: "Upload the file again with POST /api/v1/uploads.",
  });
}

export function uploadsRouter(uploads: UploadStore): express.Router {
  const router = express.Router();
  router.post(
    "/",
    answer(async (req, res) => {
      requireImports(res, "imports.write");
      const type = req.headers["content-type"];
      if (!CSV_TYPES.test(type ?? "")) {
        throw new CommandError(
          "unsupported_media_type",
          `an upload is the CSV file's bytes sent as text/csv, not ${type ?? "without a content type"}`,
          {
            hint: "curl -X POST $URL/api/v1/uploads -H 'Content-Type: text/csv' --data-binary @export.csv (or salestouch commands run import.csv with csv_path in remote mode).",
          },
        );
      }
      const length = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
      const upload = await uploads.receive(principalOf(res), req, Number.isFinite(length) ? length : undefined);
      return { upload };
    }, 201),
  );
  router.get(
    "/:uploadId",
    answer(async (req, res) => {
      requireImports(res, "imports.read");
      const id = String(req.params["uploadId"]);
      const upload = await uploads.get(principalOf(res).workspaceId, id);
      if (!upload) throw notFound(id);
      return { upload };
    }),
  );
  router.delete(
    "/:uploadId",
    answer(async (req, res) => {
      requireImports(res, "imports.write");
      const id = String(req.params["uploadId"]);
      if (!(await uploads.remove(principalOf(res).workspaceId, id))) throw notFound(id);
      return { upload_id: id, deleted: true };
    }),
  );
  return router;
}
