// A real lead-source service on a loopback port, as a team would write one (docs/lead-sources.md):
// it checks each search's signature with its own HMAC code (not the server's), then answers as
// scripted — at once, slowly, with HTTP 500, unsigned, wrongly signed, garbage, or 202 followed by
// signed callbacks in pages. It records every search it received.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type Behaviour =
  | { kind: "answer"; people: object[]; signWith?: string | null; body?: string }
  | { kind: "slow"; ms: number; people: object[] }
  | { kind: "status"; status: number }
  | { kind: "callback"; pages: object[][]; error?: string; signWith?: string; delayMs?: number; postTwice?: boolean };

interface ReceivedSearch {
  headers: IncomingHttpHeaders;
  body: {
    id: string;
    type: string;
    workspace_id: string;
    search: { command_id: string; search_url: string; keywords: string | null; filters: unknown[] | null; limit: number };
    callback_url: string | null;
  };
  signatureValid: boolean;
}

interface CallbackResult {
  /** Where the callback went and what it carried. */
  url: string;
  sent: string;
  status: number;
  body: string;
}

export interface LeadSourceServer {
  url: string;
  secret: string;
  searches: ReceivedSearch[];
  /** Answers of the server's callback route to the callbacks this source posted. */
  callbacks: CallbackResult[];
  behave(next: (search: ReceivedSearch["body"]) => Behaviour): void;
  close(): Promise<void>;
}

export function sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function verify(secret: string, header: string | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match || Math.abs(Date.now() / 1000 - Number(match[1])) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}

export async function startLeadSource(secret: string): Promise<LeadSourceServer> {
  const searches: ReceivedSearch[] = [];
  const callbacks: CallbackResult[] = [];
  let decide: (search: ReceivedSearch["body"]) => Behaviour = () => ({ kind: "answer", people: [] });
  const post = async (url: string, body: string, signWith: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-salestouch-signature": sign(signWith, body) },
      body,
    });
    callbacks.push({ url, sent: body, status: response.status, body: await response.text() });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = JSON.parse(raw) as ReceivedSearch["body"];
      const signatureValid = verify(secret, req.headers["x-salestouch-signature"] as string | undefined, raw);
      searches.push({ headers: req.headers, body, signatureValid });
      if (!signatureValid) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad signature"}');
        return;
      }
      const behaviour = decide(body);
      const answer = (people: object[], signWith: string | null = secret, text?: string) => {
        const out = text ?? JSON.stringify({ id: body.id, people });
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (signWith !== null) headers["x-salestouch-signature"] = sign(signWith, out);
        res.writeHead(200, headers).end(out);
      };
      if (behaviour.kind === "answer") answer(behaviour.people, behaviour.signWith === undefined ? secret : behaviour.signWith, behaviour.body);
      else if (behaviour.kind === "slow") setTimeout(() => answer(behaviour.people), behaviour.ms);
      else if (behaviour.kind === "status")
        res.writeHead(behaviour.status, { "content-type": "application/json" }).end('{"error":"scripted failure"}');
      else {
        res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ id: body.id, status: "pending" }));
        void (async () => {
          await new Promise((r) => setTimeout(r, behaviour.delayMs ?? 20));
          const signWith = behaviour.signWith ?? secret;
          for (const [i, page] of behaviour.pages.entries()) {
            const text = JSON.stringify({ id: body.id, people: page, more: i < behaviour.pages.length - 1 || behaviour.error !== undefined });
            await post(body.callback_url!, text, signWith);
            // A source that retries a page whose answer it did not see.
            if (behaviour.postTwice) await post(body.callback_url!, text, signWith);
          }
          if (behaviour.error !== undefined) await post(body.callback_url!, JSON.stringify({ id: body.id, error: behaviour.error }), signWith);
        })();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/search`,
    secret,
    searches,
    callbacks,
    behave: (next) => {
      decide = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A free loopback port, for a server that must know its own URL before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The file lead source the spec's examples of the search imports read their people from. */
export const EXAMPLE_LEAD_SOURCE = {
  SALESTOUCH_LEAD_SOURCE: "file",
  SALESTOUCH_LEAD_SOURCE_FILE: join(import.meta.dirname, "..", "fixtures", "lead-source-results.json"),
};
