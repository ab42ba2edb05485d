// node:crypto, loaded on first use. Why: its modules are a few milliseconds of a start, and the MCP
// stdio server answers initialize and tools/list without hashing or drawing an id; the first tool
// call loads it. Memoised, so a hot path pays one property read.
let loaded: typeof import("node:crypto") | undefined;

export function nodeCrypto(): typeof import("node:crypto") {
  loaded ??= process.getBuiltinModule("node:crypto");
  return loaded;
}
