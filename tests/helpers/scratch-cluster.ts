// A scratch PostgreSQL cluster: initdb in a temp dir, its own port, trust auth on 127.0.0.1 only,
// stopped and deleted at the end. The vitest globalSetup (tests/setup/postgres.ts) starts one per run.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ScratchCluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** Shuts the server down (fast mode: open connections are closed) and keeps its data. */
  halt(): void;
  /** Starts a halted server again on the same port. */
  resume(): void;
  /** Shuts down and deletes everything. */
  stop(): void;
}

const INSTALL_HINT = "install Debian's postgresql package (apt-get install -y postgresql) and run the tests again";

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl. */
function findServerBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

/** The server binaries, installed with apt-get when missing and running as root; never skipped. */
function ensurePostgresBinaries(): string {
  const found = findServerBinaries();
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error(`the PostgreSQL server binaries (initdb, pg_ctl) are missing under /usr/lib/postgresql: ${INSTALL_HINT}`);
  const apt = (args: string[]) =>
    execFileSync("apt-get", args, { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeout: 900_000 });
  try {
    apt(["install", "-y", "--no-install-recommends", "postgresql"]);
  } catch {
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", "postgresql"]);
  }
  const installed = findServerBinaries();
  if (!installed) throw new Error(`apt-get installed postgresql but initdb is still missing under /usr/lib/postgresql: ${INSTALL_HINT}`);
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function runAsOwner(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, fullArgs, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr || result.stdout}`);
  }
}

export async function startScratchCluster(): Promise<ScratchCluster> {
  const bin = ensurePostgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), "salestouch-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const port = await freePort();
  // C.UTF-8: code-point collation, like SQLite's BINARY, so ids and names sort alike on both dialects.
  runAsOwner(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  const start = () => runAsOwner(join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"]);
  try {
    start();
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${serverLog}`);
  }
  const watchdog = stopWhenParentDies(bin, data, dir);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => runAsOwner(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]),
    resume: start,
    stop() {
      watchdog.kill();
      try {
        runAsOwner(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A run killed before its teardown (a CI timeout, ^C twice) would leave the cluster running: a
 * small detached shell waits for this process to end, then stops the cluster and deletes it.
 */
function stopWhenParentDies(bin: string, data: string, dir: string): { kill(): void } {
  const asOwner = process.getuid?.() === 0 ? "runuser -u postgres -- " : "";
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${asOwner}"${bin}/pg_ctl" -D "${data}" -m immediate -w stop >/dev/null 2>&1; rm -rf "${dir}"`;
  const child = spawn("sh", ["-c", script], { detached: true, stdio: "ignore" });
  child.unref();
  return { kill: () => void (child.exitCode === null && child.kill()) };
}
