// A real loopback HTTP proxy in front of a real server, that a test tells per request what to do:
// pass it on, answer in its place, wait first, cut the connection after the server answered, or
// rewrite the JSON the server answered. Stands between a client (or the conformance kit) and the
// server to produce the faults a network and a broken deployment produce.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyAction =
  | { kind: "forward" }
  | { kind: "answer"; status: number; headers?: Record<string, string>; body: string }
  | { kind: "delay"; ms: number }
  | { kind: "cut-after-forward" }
  | { kind: "rewrite"; rewrite: (body: unknown) => unknown };

export interface ProxyRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FaultProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  requests: ProxyRequest[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string, decide: (request: ProxyRequest, index: number) => ProxyAction): Promise<FaultProxy> {
  const requests: ProxyRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: ProxyRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(request);
      const action = decide(request, requests.length - 1);
      if (action.kind === "answer") {
        res.writeHead(action.status, { "content-type": "application/json", ...action.headers }).end(action.body);
        return;
      }
      const forward = async (): Promise<void> => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && !["host", "connection", "content-length"].includes(k)),
        ) as Record<string, string>;
        const answer = await fetch(`${target}${request.path}`, {
          method: request.method,
          headers,
          body: ["GET", "HEAD"].includes(request.method) ? undefined : request.body,
        });
        let text = await answer.text();
        if (action.kind === "cut-after-forward") {
          req.socket.destroy();
          return;
        }
        if (action.kind === "rewrite") text = JSON.stringify(action.rewrite(JSON.parse(text)));
        const out: Record<string, string> = {};
        answer.headers.forEach((value, key) => {
          if (!["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(key)) out[key] = value;
        });
        res.writeHead(answer.status, out).end(text);
      };
      const run = action.kind === "delay" ? new Promise((r) => setTimeout(r, action.ms)).then(forward) : forward();
      run.catch(() => res.destroy());
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
