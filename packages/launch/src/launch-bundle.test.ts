// launchBundle in real child processes: a tiny CommonJS bundle and a loader beside it, as a build writes them.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const LAUNCH = pathToFileURL(join(import.meta.dirname, "..", "dist", "index.js")).href;

const BUNDLE = `
const [mode] = process.argv.slice(2);
if (mode === "serve") setTimeout(() => process.stdout.write("serving\\n"), 0), setInterval(() => undefined, 1000);
else if (mode === "ready") {
  // What the MCP server does once its first tools/list is computed (codeCacheReady, by its global).
  setTimeout(() => {
    const save = globalThis[Symbol.for("@salestouch/launch.saveCodeCacheAgain")];
    process.stdout.write((save ? (save(), "saved again") : "nothing to save") + "\\n");
  }, 0);
  setInterval(() => undefined, 1000);
}
else {
  // What the CLI does on a call that created or upgraded its database (codeCacheNotNow, by its global).
  if (mode === "not-now") globalThis[Symbol.for("@salestouch/launch.codeCacheNotNow")] = true;
  process.stdout.write(JSON.stringify({ ran: true, sourceMaps: process.sourceMapsEnabled, dirname: __dirname }) + "\\n");
}
`;

const LOADER = `
import { launchBundle } from ${JSON.stringify(LAUNCH)};
launchBundle(new URL("./bundle.cjs", import.meta.url), { variant: process.env.VARIANT, saveCache: process.env.SAVE_CACHE, debug: process.env.DEBUG === "1" });
`;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "salestouch-launch-"));
  writeFileSync(join(dir, "bundle.cjs"), BUNDLE);
  writeFileSync(join(dir, "main.mjs"), LOADER);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(options: { variant?: string; saveCache?: string; debug?: boolean; mode?: string } = {}): {
  ran: boolean;
  sourceMaps: boolean;
  dirname: string;
} {
  const env = { ...process.env, VARIANT: options.variant ?? "run", SAVE_CACHE: options.saveCache ?? "exit", DEBUG: options.debug ? "1" : "0" };
  const result = spawnSync(process.execPath, [join(dir, "main.mjs"), ...(options.mode ? [options.mode] : [])], { env, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { ran: boolean; sourceMaps: boolean; dirname: string };
}

const cachesIn = (folder: string): string[] => readdirSync(folder).filter((name) => name.includes(".v8cache"));

describe("launchBundle", () => {
  it("runs the bundle as CommonJS, leaves its compiled code beside it on exit, and starts from it next time", () => {
    expect(run()).toEqual({ ran: true, sourceMaps: false, dirname: dir });
    const [cache] = cachesIn(dir);
    expect(cache).toMatch(new RegExp(`^bundle\\.cjs\\.run-\\d+-\\d+-${process.version}-${process.arch}\\.v8cache$`));
    const written = statSync(join(dir, cache!));
    expect(written.size).toBeGreaterThan(0);
    run();
    // An accepted cache is not written again.
    expect(statSync(join(dir, cache!)).ino).toBe(written.ino);
  });

  it("leaves the cache to a later run when the bundle says this run is not like the others", () => {
    expect(run({ mode: "not-now" }).ran).toBe(true);
    expect(cachesIn(dir)).toEqual([]);
    run();
    expect(cachesIn(dir)).toHaveLength(1);
  });

  it("removes the caches of earlier builds of the bundle once it saves one, and no other variant's or Node's", () => {
    run();
    const [first] = cachesIn(dir);
    const otherNode = first!.replace(process.version, "v0.0.0");
    writeFileSync(join(dir, otherNode), "a cache of another Node");
    run({ variant: "other" });
    writeFileSync(join(dir, "bundle.cjs"), `${BUNDLE}\n// the next build`);
    run();
    const now = cachesIn(dir);
    expect(now).toHaveLength(3);
    expect(now).not.toContain(first);
    expect(now).toContain(otherNode);
    expect(now.filter((name) => name.startsWith("bundle.cjs.other-"))).toHaveLength(1);
  });

  it("keeps one cache per variant", () => {
    run({ variant: "run" });
    run({ variant: "other" });
    expect(cachesIn(dir).map((name) => name.split("-")[0])).toEqual(["bundle.cjs.other", "bundle.cjs.run"]);
  });

  it("replaces a damaged cache", () => {
    run();
    const [cache] = cachesIn(dir);
    writeFileSync(join(dir, cache!), "not a code cache");
    expect(run().ran).toBe(true);
    expect(statSync(join(dir, cache!)).size).toBeGreaterThan("not a code cache".length);
  });

  it("still runs where the cache cannot be written, and leaves nothing half written", () => {
    run();
    const [cache] = cachesIn(dir);
    rmSync(join(dir, cache!));
    mkdirSync(join(dir, cache!));
    expect(run().ran).toBe(true);
    expect(cachesIn(dir)).toEqual([cache]);
  });

  it("saves a server's cache once it is set up, while it keeps running", async () => {
    const child = spawn(process.execPath, [join(dir, "main.mjs"), "serve"], {
      env: { ...process.env, VARIANT: "serve", SAVE_CACHE: "started", DEBUG: "0" },
    });
    try {
      await new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("serving") && resolve()));
      expect(cachesIn(dir)).toEqual([expect.stringMatching(/^bundle\.cjs\.serve-.*\.v8cache$/)]);
    } finally {
      child.kill();
    }
  });

  it("saves a server's cache again once the bundle says its first requests are done, and only on a run without a good cache", async () => {
    const serve = async (): Promise<string> => {
      const child = spawn(process.execPath, [join(dir, "main.mjs"), "ready"], {
        env: { ...process.env, VARIANT: "serve", SAVE_CACHE: "started", DEBUG: "0" },
      });
      try {
        return await new Promise<string>((resolve) => child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
      } finally {
        child.kill();
      }
    };
    expect(await serve()).toBe("saved again");
    const [cache] = cachesIn(dir);
    expect(cache).toMatch(/^bundle\.cjs\.serve-.*\.v8cache$/);
    const written = statSync(join(dir, cache!));
    expect(await serve()).toBe("nothing to save");
    expect(statSync(join(dir, cache!)).ino).toBe(written.ino);
  });

  it("completes a server's cache on a later run when its first run was stopped before the bundle said it was ready", async () => {
    const start = async (mode: "serve" | "ready"): Promise<string> => {
      const child = spawn(process.execPath, [join(dir, "main.mjs"), mode], {
        env: { ...process.env, VARIANT: "serve", SAVE_CACHE: "started", DEBUG: "0" },
      });
      try {
        return await new Promise<string>((resolve) => child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
      } finally {
        child.kill();
      }
    };
    expect(await start("serve")).toBe("serving");
    expect(cachesIn(dir)).toEqual([expect.stringMatching(/^bundle\.cjs\.serve-.*[0-9]\.v8cache$/)]);
    // A good cache, but one saved before any request: this run saves the complete one and drops the other.
    expect(await start("ready")).toBe("saved again");
    expect(cachesIn(dir)).toEqual([expect.stringMatching(/^bundle\.cjs\.serve-.*\.ready\.v8cache$/)]);
    expect(await start("ready")).toBe("nothing to save");
  });

  it("loads a library bundle and hands back its exports; its cache is written only once the bundle says it is ready", () => {
    writeFileSync(join(dir, "library.cjs"), "exports.twice = (n) => 2 * n;");
    const load = (ready: boolean): string => {
      const script = [
        `const { loadBundle } = await import(${JSON.stringify(LAUNCH)});`,
        `const library = loadBundle(new URL("./library.cjs", ${JSON.stringify(pathToFileURL(join(dir, "x")).href)}), { variant: "lib", saveCache: "ready" });`,
        `const save = globalThis[Symbol.for("@salestouch/launch.saveCodeCacheAgain")];`,
        ready ? "if (save) save();" : "",
        `process.stdout.write(library.twice(21) + " " + (save ? "would save" : "nothing to save"));`,
      ].join("\n");
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      return result.stdout;
    };
    expect(load(false)).toBe("42 would save");
    expect(cachesIn(dir)).toEqual([]);
    expect(load(true)).toBe("42 would save");
    const [cache] = cachesIn(dir);
    expect(cache).toMatch(/^library\.cjs\.lib-.*\.v8cache$/);
    const written = statSync(join(dir, cache!));
    // A good cache: nothing to save, nothing written.
    expect(load(true)).toBe("42 nothing to save");
    expect(statSync(join(dir, cache!)).ino).toBe(written.ino);
  });

  it("loads the plain way with source maps on under debug, and writes no cache", () => {
    expect(run({ debug: true })).toEqual({ ran: true, sourceMaps: true, dirname: dir });
    expect(cachesIn(dir)).toEqual([]);
  });
});
