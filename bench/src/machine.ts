// What machine this ran on, and the checks that refuse a misleading run.
import { existsSync, statSync, readdirSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: `${cpu.length} × ${cpu[0]?.model ?? "unknown"}`,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    loadavg_1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

function newestMtime(dir: string, extension: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (name.endsWith(extension) && !name.endsWith(".test.ts") && !name.endsWith(".d.ts"))
      newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

/** Refuses a debug or stale build: inspector flags, or sources newer than dist/. */
export function checkBuild(root: string, units: string[]): void {
  const flags = `${process.execArgv.join(" ")} ${process.env["NODE_OPTIONS"] ?? ""}`;
  if (/--inspect|--prof|--cpu-prof/.test(flags)) throw new Error(`refusing to benchmark with profiling flags (${flags.trim()})`);
  for (const unit of units) {
    const dist = join(root, unit, "dist");
    if (!existsSync(dist)) throw new Error(`${unit} is not built: run pnpm build first`);
    if (newestMtime(join(root, unit, "src"), ".ts") > newestMtime(dist, ".js") + 1000)
      throw new Error(`${unit}/dist is older than its sources: run pnpm build first`);
  }
}
