// Inlines every $ref of a spec schema so each command schema is self-contained (docs/design.md "Spec to code").
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface BundleContext {
  /** Parsed spec files by absolute path, so each file is read once per generation. */
  readonly files: Map<string, Json>;
}

export function createBundleContext(): BundleContext {
  return { files: new Map() };
}

function loadFile(ctx: BundleContext, path: string): Json {
  let doc = ctx.files.get(path);
  if (doc === undefined) {
    doc = JSON.parse(readFileSync(path, "utf8")) as Json;
    ctx.files.set(path, doc);
  }
  return doc;
}

function pointer(doc: Json, fragment: string, where: string): Json {
  if (fragment === "" || fragment === "/") return doc;
  let node: Json = doc;
  for (const raw of fragment.replace(/^\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || Array.isArray(node) || !(key in node)) {
      throw new Error(`${where}: $ref fragment #${fragment} does not exist`);
    }
    node = node[key] as Json;
  }
  return node;
}

/** Returns `node` with every `$ref` replaced by its target, recursively; `file` is where `node` lives. */
export function bundle(ctx: BundleContext, node: Json, file: string, seen: readonly string[] = []): Json {
  if (Array.isArray(node)) return node.map((item) => bundle(ctx, item, file, seen));
  if (node === null || typeof node !== "object") return node;
  const ref = node["$ref"];
  if (typeof ref === "string") {
    const [target = "", fragment = ""] = ref.split("#");
    const targetFile = target === "" ? file : resolve(dirname(file), target);
    const key = `${targetFile}#${fragment}`;
    if (seen.includes(key)) throw new Error(`${file}: circular $ref ${ref}`);
    if (Object.keys(node).length > 1) throw new Error(`${file}: $ref ${ref} must stand alone`);
    const resolved = pointer(loadFile(ctx, targetFile), fragment, `${file} → ${ref}`);
    return bundle(ctx, resolved, targetFile, [...seen, key]);
  }
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$defs") continue; // definitions are inlined where used
    out[key] = bundle(ctx, value, file, seen);
  }
  return out;
}
