// Turns Ajv errors into details[{path, message}] a person or an agent can act on.
import type { ErrorDetail, ValidationError } from "@salestouch/contracts";

function detailOf(error: ValidationError): ErrorDetail {
  const params = error.params;
  switch (error.keyword) {
    case "required":
      return { path: `${error.instancePath}/${String(params["missingProperty"])}`, message: "is required" };
    case "additionalProperties":
      return { path: `${error.instancePath}/${String(params["additionalProperty"])}`, message: "is not a field of this command; remove it (see the input schema)" };
    case "minProperties":
      return { path: error.instancePath || "/", message: "names nothing to change; send at least one field besides the id" };
    default:
      return { path: error.instancePath || "/", message: error.message ?? error.keyword };
  }
}

/** One detail per path; anyOf noise from nullable fields is dropped in favour of the real reason. */
export function validationDetails(errors: readonly ValidationError[] | null | undefined): ErrorDetail[] {
  const useful = (errors ?? []).filter((e) => e.keyword !== "anyOf" && e.keyword !== "if");
  const byPath = new Map<string, ErrorDetail[]>();
  for (const error of useful) {
    const detail = detailOf(error);
    const isNullBranch = error.keyword === "type" && error.params["type"] === "null";
    const list = byPath.get(detail.path) ?? [];
    if (!isNullBranch) list.push(detail);
    byPath.set(detail.path, list);
  }
  const out: ErrorDetail[] = [];
  for (const [path, list] of byPath) {
    if (list.length === 0) out.push({ path, message: "must not be null" });
    for (const detail of list) if (!out.some((d) => d.path === detail.path && d.message === detail.message)) out.push(detail);
  }
  return out;
}

export function describeDetails(details: readonly ErrorDetail[]): string {
  const first = details[0];
  if (!first) return "";
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? "s" : ""})` : "";
  return `${first.path} ${first.message}${more}`;
}
