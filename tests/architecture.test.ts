// Re-derives the dependency rules of docs/design.md from the imports themselves, so no disable comment can hide a break.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { commandIds } from "@salestouch/contracts";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

/** Which workspace packages each unit may import. Apps may import packages, never each other. */
const ALLOWED: Record<string, readonly string[]> = {
  "packages/contracts": [],
  "packages/client": ["contracts"],
  "packages/runtime": ["contracts"],
  "packages/store": ["contracts"],
  "packages/scoring": ["contracts"],
  "packages/commands": ["contracts", "runtime", "store", "scoring"],
  "packages/host": ["contracts", "runtime", "store", "commands", "client", "scoring"],
  "packages/mcp": ["contracts", "runtime", "client"],
  "packages/launch": [],
  // Packages that leave the repository as bundles. The test server is the server app packed for
  // other teams' tests (the one package that may import an app); the conformance kit knows the
  // contract only from the spec data its build bundles.
  "packages/testing": ["contracts", "host", "client", "server", "launch"],
  "packages/conformance": ["contracts"],
};

/** Libraries that belong to a surface; handlers and the kernel never see them. */
const SURFACE_LIBRARIES = ["express", "commander", "@modelcontextprotocol/sdk"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      if (name === "node_modules" || name === "dist" || name === "generated") continue;
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"'`]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

const units = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .filter((name) => statSync(join(root, group, name)).isDirectory())
    .map((name) => `${group}/${name}`),
);

describe("architecture", () => {
  it.each(units)("%s imports only what docs/design.md allows", (unit) => {
    const problems: string[] = [];
    for (const file of sourceFiles(join(root, unit, "src"))) {
      for (const spec of importsOf(file)) {
        const where = relative(root, file);
        const local = /^@salestouch\/([a-z-]+)/.exec(spec)?.[1];
        if (spec.startsWith("../") && relative(join(root, unit, "src"), join(file, "..", spec)).startsWith(".."))
          problems.push(`${where} reaches outside its unit: ${spec}`);
        if (!local) {
          // The MCP server, and the conformance kit's check of one (through the SDK's client).
          const mcpSdk = ["packages/mcp", "packages/conformance"].includes(unit) && spec.startsWith("@modelcontextprotocol/sdk");
          if (unit.startsWith("packages/") && !mcpSdk && SURFACE_LIBRARIES.some((lib) => spec === lib || spec.startsWith(`${lib}/`)))
            problems.push(`${where} imports the surface library ${spec}`);
          continue;
        }
        if (unit.startsWith("apps/")) {
          if (["server", "cli", "mcp-stdio", "console"].includes(local) && `apps/${local}` !== unit)
            problems.push(`${where} imports another app: ${spec}`);
          // The console runs in a browser: only the typed client and the contracts' types reach it.
          if (unit === "apps/console" && !["client", "contracts"].includes(local))
            problems.push(`${where} imports @salestouch/${local}, which does not belong in a browser`);
          continue;
        }
        const allowed = ALLOWED[unit];
        if (!allowed) problems.push(`${unit} has no rule in architecture.test.ts; add one that follows docs/design.md`);
        else if (!allowed.includes(local)) problems.push(`${where} imports @salestouch/${local}, which ${unit} may not depend on`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps surfaces free of command ids: they loop over the registry", () => {
    const ids = new Set<string>(commandIds);
    const problems: string[] = [];
    // The web console is a client of the API, like any service built on the typed client: its pages
    // call the commands they show by name (checked by the compiler against CommandId). Every rule
    // still runs on the server, behind the same routes the other clients use.
    const clients = new Set(["apps/console"]);
    for (const unit of units.filter((u) => (u.startsWith("apps/") || u === "packages/mcp") && !clients.has(u))) {
      for (const file of sourceFiles(join(root, unit, "src"))) {
        const text = readFileSync(file, "utf8");
        for (const m of text.matchAll(/["'`]([a-z_]+(?:\.[a-z_]+)+)["'`]/g))
          if (ids.has(m[1]!)) problems.push(`${relative(root, file)} names ${m[1]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps the kernel free of handlers: runtime never imports commands", () => {
    for (const file of sourceFiles(join(root, "packages/runtime/src"))) {
      expect(importsOf(file).filter((s) => s.includes("commands"))).toEqual([]);
    }
  });
});
