// The concise input schema of every command, computed ahead of time. A start of salestouch-mcp
// lists every tool before its first answer, and computing each tool's concise schema from the
// command's full one took about 3 ms of every start; the binaries' bundles fill this in at build
// (scripts/esbuild-node.mjs, precomputedConciseSchemas), with conciseSchema itself over the registry
// they bundle. Unbundled it stays undefined, and each schema is computed when a list needs it.
export const PRECOMPUTED_CONCISE_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> | undefined = undefined;
