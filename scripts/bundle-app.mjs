#!/usr/bin/env node
// Bundles a binary app into its dist/ with esbuild: `node ../../scripts/bundle-app.mjs src/<name>.ts`,
// run from the app's folder, writes dist/<name>.cjs (the whole app, from that entry) and
// dist/main.js (the binary, from src/main.ts, which runs <name>.cjs through V8's code cache with
// @salestouch/launch, inlined here; CommonJS, as dist/package.json says). Why: loading a few hundred separate ES modules (kysely alone
// has ~280), then compiling them, costs more than most calls of the CLI or the MCP server's start.
// Native packages stay external and resolve from the app's own dependencies. Each app's turbo.json
// lists this file among its build inputs, so a change here rebuilds them rather than replaying a cache.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join, relative } from "node:path";
import { nodeCjsBundle } from "./esbuild-node.mjs";

const entry = process.argv[2];
// --bundle-only: the app's dist/ is tsc's output (a library besides a binary, like the server);
// only dist/<name>.cjs and its map are written into it, and tsc's dist/main.js is the loader.
const bundleOnly = process.argv[3] === "--bundle-only";
if (!entry || process.argv.length > 4 || (process.argv.length === 4 && !bundleOnly)) {
  process.stderr.write("usage: node ../../scripts/bundle-app.mjs src/<name>.ts [--bundle-only]   (from the app's folder)\n");
  process.exit(2);
}
const root = process.cwd();
const name = basename(entry, extname(entry));
// esbuild comes from the app's devDependencies, so each app pins the version it is built with.
const { build } = createRequire(join(root, "package.json"))("esbuild");

const dist = join(root, "dist");
// Written aside (under node_modules/, which git ignores) and swapped in at the end, so a binary
// started while a build runs never finds dist/ half-written. esbuild still builds for dist/ (in
// memory), so the source maps' relative paths hold once the files are there.
const next = join(root, "node_modules/.cache/bundle-next");
const previous = join(root, "node_modules/.cache/bundle-previous");
rmSync(next, { recursive: true, force: true });

const shared = {
  absWorkingDir: root,
  outdir: dist,
  write: false,
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
};

// CommonJS, so main.ts can compile it with vm.Script and V8's code cache (ES modules cannot use one on Node 20).
// @salestouch/testing is left out: the CLI loads it only for `serve --ephemeral`, and it is a bundle
// of the whole server already.
const bundle = await build({
  ...nodeCjsBundle,
  ...shared,
  entryPoints: { [name]: entry },
  external: [...nodeCjsBundle.external, "@salestouch/testing"],
});
// The launcher reads an ASCII bundle as Latin-1, a fraction of the time a UTF-8 decode of two
// megabytes takes on every start; esbuild escapes other characters except where it cannot (a
// tagged template's text, a regular expression). Say where one slipped in.
for (const file of bundle.outputFiles) {
  if (!file.path.endsWith(".cjs")) continue;
  const at = file.contents.findIndex((byte) => byte > 0x7f);
  if (at >= 0) {
    const around = Buffer.from(file.contents.subarray(Math.max(0, at - 60), at + 20)).toString("utf8");
    process.stderr.write(
      `bundle-app: ${relative(root, file.path)} is not ASCII (near ${JSON.stringify(around)}), so every start decodes it as UTF-8; write that character with an escape\n`,
    );
  }
}
if (bundleOnly) {
  // Each file written aside and renamed into place, so a start during the build reads whole files.
  for (const file of bundle.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  process.exit(0);
}
// The binary is CommonJS too, with a package.json beside it that says so: `node dist/main.js` then
// starts without Node's ES module loader (its resolver, its job queue and node:fs/promises), which
// cost a few milliseconds of every call. import.meta.url gets the file's URL, as in the bundle.
const loader = await build({
  ...shared,
  entryPoints: { main: "src/main.ts" },
  format: "cjs",
  define: nodeCjsBundle.define,
  banner: nodeCjsBundle.banner,
});
mkdirSync(next, { recursive: true });
writeFileSync(join(next, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
for (const file of [...bundle.outputFiles, ...loader.outputFiles]) writeFileSync(join(next, relative(dist, file.path)), file.contents);
chmodSync(join(next, "main.js"), 0o755);
rmSync(previous, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, previous);
renameSync(next, dist);
rmSync(previous, { recursive: true, force: true });
