// The approval schemas shared by every command (spec/schemas/approval-*.json): the data of a call
// held for approval, and an approval request as the approval routes show it. Bundled like command
// schemas and emitted as a typed module (generated/approvals.ts) and as OpenAPI components.
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";
import { bundle, createBundleContext, type Json } from "./bundle.js";

export interface ApprovalSchemas {
  /** spec/schemas/approval-pending.json: `data` of a held call whose command has no approval_output_schema. */
  pending: Json;
  /** spec/schemas/approval.json: one approval request with its decision and stored result. */
  approval: Json;
}

export function loadApprovalSchemas(specDir: string): ApprovalSchemas {
  const ctx = createBundleContext();
  const load = (name: string): Json => {
    const file = join(specDir, "schemas", name);
    return bundle(ctx, { $ref: name }, file);
  };
  return { pending: load("approval-pending.json"), approval: load("approval.json") };
}

async function typeOf(schema: Json, name: string): Promise<string> {
  const ts = await compile(structuredClone(schema) as Parameters<typeof compile>[0], name, {
    bannerComment: "",
    additionalProperties: false,
    strictIndexSignatures: true,
    unknownAny: true,
    format: true,
    style: { semi: true, singleQuote: false, printWidth: 110 },
  });
  return ts.trim();
}

export async function emitApprovals(schemas: ApprovalSchemas, generatedHeader: string): Promise<string> {
  return [
    generatedHeader,
    `/** The data of a call held for approval when its command has no approval_output_schema. */`,
    `export const approvalPendingSchema = ${JSON.stringify(schemas.pending, null, 2)} as const;`,
    ``,
    `/** An approval request as GET /api/v1/approvals/{id} shows it. */`,
    `export const approvalSchema = ${JSON.stringify(schemas.approval, null, 2)} as const;`,
    ``,
    await typeOf(schemas.pending, "ApprovalPending"),
    ``,
    await typeOf(schemas.approval, "ApprovalView"),
    ``,
  ].join("\n");
}
