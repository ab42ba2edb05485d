// Slow clients are closed on time: headers within headersTimeout, the whole request within
// requestTimeout (30 s and 60 s by default, docs/reliability.md), measured with short deadlines
// and a loopback client that stalls; node checks the deadlines often enough to keep them.
import { connect } from "node:net";
import { join } from "node:path";
import { startServer, type RunningServer } from "@salestouch/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/server.js";

const HEADERS_MS = 600;
const REQUEST_MS = 1500;
let server: RunningServer;
const dir = tempDir();

beforeAll(async () => {
  server = await startServer({ databaseUrl: join(dir.path, "slow.db"), headersTimeoutMs: HEADERS_MS, requestTimeoutMs: REQUEST_MS });
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

/** Opens a connection, writes `first`, then one byte of `trickle` every 100 ms; resolves with the ms until the server closed it. */
function stall(first: string, trickle = ""): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(server.port, "127.0.0.1");
    let answer = "";
    let i = 0;
    const timer = setInterval(() => {
      if (i < trickle.length && !socket.destroyed) socket.write(trickle[i++]!);
    }, 100);
    socket.on("connect", () => socket.write(first));
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, answer });
    });
  });
}

describe("a slow client", () => {
  it("is closed once its headers are late, not a checking interval later", async () => {
    const { ms, answer } = await stall("POST /api/v1/commands/mission.list HTTP/1.1\r\nHost: x\r\n");
    expect(ms).toBeGreaterThanOrEqual(HEADERS_MS - 50);
    expect(ms).toBeLessThan(HEADERS_MS + 1500);
    expect(answer).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it("is closed once its body is late", async () => {
    const { ms } = await stall(
      "POST /api/v1/commands/mission.list HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n",
      "x".repeat(199),
    );
    expect(ms).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(ms).toBeLessThan(REQUEST_MS + 1500);
  });

  it("gets the documented deadlines by default", async () => {
    const other = await startServer({ databaseUrl: join(dir.path, "defaults.db") });
    try {
      expect(other.server.headersTimeout).toBe(30_000);
      expect(other.server.requestTimeout).toBe(60_000);
    } finally {
      await other.close();
    }
  });
});
