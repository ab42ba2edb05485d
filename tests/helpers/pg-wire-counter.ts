// A real loopback TCP proxy in front of PostgreSQL that counts what clients send: each Sync (extended
// protocol) and each Query (simple protocol) is one round trip the client waits for.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface WireCounter {
  /** The database URL, through the proxy. */
  url: string;
  /** Round trips (Sync + Query messages) and statements parsed (Parse messages) since the last reset. */
  counts(): { roundTrips: number; parses: number; executes: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startWireCounter(databaseUrl: string): Promise<WireCounter> {
  const target = new URL(databaseUrl);
  const tally = { roundTrips: 0, parses: 0, executes: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      // The startup message has no type byte; every later one is a type byte and a length.
      for (;;) {
        const header = started ? 5 : 4;
        if (pending.length < header) break;
        const length = pending.readInt32BE(started ? 1 : 0) + (started ? 1 : 0);
        if (pending.length < length) break;
        if (started) {
          const type = String.fromCharCode(pending[0]!);
          if (type === "S" || type === "Q") tally.roundTrips++;
          if (type === "P") tally.parses++;
          if (type === "E") tally.executes++;
        }
        started = true;
        pending = pending.subarray(length);
      }
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    counts: () => ({ ...tally }),
    reset: () => {
      tally.roundTrips = 0;
      tally.parses = 0;
      tally.executes = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
