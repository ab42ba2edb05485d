// The wire envelope every command answers with (docs/contract.md "Envelope").
export interface ErrorDetail {
  path: string;
  message: string;
}

export interface EnvelopeMeta {
  approval_required: boolean;
  approval_request_id: string | null;
  command_hash: string;
  warnings: string[];
}

export interface EnvelopeErrorBody {
  code: string;
  message: string;
  hint: string;
  retryable: boolean;
  details?: ErrorDetail[];
  suggestions?: string[];
}

export type Envelope<T = unknown> =
  | { ok: true; status: number; data: T; error: null; meta: EnvelopeMeta }
  | { ok: false; status: number; data: null; error: EnvelopeErrorBody; meta: EnvelopeMeta };

/** Failures that are not command results (authentication, authorization, routing). */
export interface PlainErrorBody {
  error: { message: string; code: string; hint?: string; details?: ErrorDetail[] };
}
