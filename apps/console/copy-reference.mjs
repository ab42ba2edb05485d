#!/usr/bin/env node
// Copies the API reference renderer's prebuilt standalone bundle into dist/reference/, so /docs
// loads it from this server (Vite would re-bundle its 5 MB for nothing).
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// The package exports no package.json; its entry sits in dist/, one level under its root.
const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
const root = entry.slice(0, entry.lastIndexOf(join("api-reference", "dist")) + "api-reference".length);
mkdirSync("dist/reference", { recursive: true });
copyFileSync(join(root, "dist/browser/standalone.js"), "dist/reference/standalone.js");
