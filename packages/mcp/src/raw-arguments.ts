// The SDK checks tools/call with zod, whose record parsing rebuilds `arguments` by assignment: a
// top-level "__proto__" key (an own property after JSON.parse) is dropped without a word and the
// command ran without it, while REST refuses the same input. The arguments as they arrived are
// kept for the handler, so every surface validates the same object.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

type Incoming = { id?: string | number; method?: string; params?: { arguments?: unknown } };

/** Wraps `server.connect` so each transport's messages are seen first; returns the lookup by request id. */
export function keepRawArguments(server: Server): (requestId: string | number) => unknown {
  const raw = new Map<string | number, unknown>();
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    await connect(transport);
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const { id, method, params } = message as Incoming;
      const args = params?.arguments;
      if (method === "tools/call" && id !== undefined && args !== null && typeof args === "object" && Object.hasOwn(args, "__proto__")) {
        if (raw.size >= 1000) raw.clear();
        raw.set(id, args);
      }
      deliver?.(message, extra);
    };
  };
  return (requestId) => {
    const args = raw.get(requestId);
    raw.delete(requestId);
    return args;
  };
}
