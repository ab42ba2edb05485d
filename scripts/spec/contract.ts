// Where the contracts `pnpm spec:*` compares come from: the working spec (bundled in-process, so an
// edit counts before `pnpm gen`), the last release recorded in spec/released/, or any git commit.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadApprovalSchemas } from "../gen/approval-schemas.js";
import { emitOpenapi } from "../gen/emit-openapi.js";
import { header } from "../gen/header.js";
import { loadSpec } from "../gen/load-spec.js";
import type { JsonObject } from "./diff.js";

export const RELEASED = "spec/released/openapi.json";
export const CHANGELOG = "spec/CHANGELOG.md";
export const GENERATED = "packages/contracts/src/generated/openapi.json";

export function workingContract(root: string): JsonObject {
  const specDir = join(root, "spec");
  const spec = loadSpec(specDir);
  const generatedHeader = header("spec/openapi.yaml and spec/commands", "").replace(/\n/g, " ");
  return emitOpenapi(spec, generatedHeader, loadApprovalSchemas(specDir)) as JsonObject;
}

export function releasedContract(root: string): JsonObject {
  const file = join(root, RELEASED);
  if (!existsSync(file)) throw new Error(`${RELEASED} is missing: no release is recorded`);
  return JSON.parse(readFileSync(file, "utf8")) as JsonObject;
}

/** The contract as of a git commit: its recorded bundled document. */
export function contractAt(root: string, ref: string): JsonObject {
  try {
    const text = execFileSync("git", ["show", `${ref}:${GENERATED}`], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(text) as JsonObject;
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`cannot read ${GENERATED} at ${ref}: ${reason}`);
  }
}

export function versionOf(doc: JsonObject): string {
  const info = doc["info"] as JsonObject | undefined;
  return String(info?.["version"] ?? "");
}
