// Development and tests: every JSON response is checked against the OpenAPI document before it
// leaves — the command endpoint's envelopes as much as the Express routes' bodies. A response the
// document does not allow (a wrong shape, an undocumented status) is logged and replaced by a 500
// that names the mismatch, so a test sees it. Off in production (docs/decisions/0001).
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { loadOpenApiDocument } from "@salestouch/contracts";
import { tracedLogger, type Logger } from "@salestouch/runtime";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { pathOf, requestFactsOf } from "./request-log.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const BASE = "https://salestouch.local/openapi.json";

interface Operation {
  pattern: RegExp;
  pointer: string;
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

export function checkResponses(listener: RequestListener, logger: Logger): RequestListener {
  const document = loadOpenApiDocument() as {
    paths: Record<string, Record<string, { responses: Operation["responses"] }>>;
    components: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(document as object, BASE);

  // Literal paths before templated ones, so /api/v1/commands/mission.get is not taken for a template.
  const operations = new Map<string, Operation[]>();
  const entries = Object.entries(document.paths).sort(([a], [b]) => Number(a.includes("{")) - Number(b.includes("{")));
  for (const [template, item] of entries) {
    for (const [method, operation] of Object.entries(item)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}/?$`);
      const list = operations.get(method.toUpperCase()) ?? [];
      list.push({ pattern, pointer: `#/paths/${escapePointer(template)}/${method}`, responses: operation.responses });
      operations.set(method.toUpperCase(), list);
    }
  }

  const validators = new Map<string, ValidateFunction | null>();
  /** The body's validator; null when the document gives that status no JSON schema. */
  function validatorFor(operation: Operation, status: string): ValidateFunction | null | "undocumented" {
    let response = operation.responses[status];
    if (!response) return "undocumented";
    const key = `${operation.pointer} ${status}`;
    if (validators.has(key)) return validators.get(key)!;
    let pointer = `${operation.pointer}/responses/${status}`;
    if (response.$ref) {
      pointer = response.$ref;
      response = document.components.responses?.[response.$ref.split("/").pop()!] ?? {};
    }
    const validate = response.content?.["application/json"]?.schema
      ? ajv.compile({ $ref: `${BASE}${pointer}/content/application~1json/schema` })
      : null;
    validators.set(key, validate);
    return validate;
  }

  function problemWith(operation: Operation, status: number, text: string): string | null {
    const validate = validatorFor(operation, String(status));
    if (validate === "undocumented") return `status ${status} is not documented for this operation`;
    if (validate === null) return null;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return "the body is not JSON";
    }
    if (validate(body)) return null;
    return (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`)
      .join("; ");
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req);
    const operation = operations.get(req.method ?? "")?.find((o) => o.pattern.test(path));
    if (operation) {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        const type = String(res.getHeader("content-type") ?? "");
        if (chunk !== undefined && typeof chunk !== "function" && !res.headersSent && type.startsWith("application/json")) {
          const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
          const problem = problemWith(operation, res.statusCode, text);
          if (problem !== null) {
            const message = `the ${res.statusCode} response to ${req.method} ${path} does not match the OpenAPI document: ${problem}`;
            tracedLogger(logger, requestFactsOf(res)?.trace).error("response contract violated", { message });
            const replaced = JSON.stringify({
              error: { code: "internal_error", message, hint: "This is a bug in the server: the spec and the handler disagree." },
            });
            res.statusCode = 500;
            res.setHeader("Content-Length", Buffer.byteLength(replaced));
            return end(replaced, ...rest.filter((a) => typeof a === "function"));
          }
        }
        return end(chunk, ...rest);
      }) as ServerResponse["end"];
    }
    listener(req, res);
  };
}
