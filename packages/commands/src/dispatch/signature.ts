// Webhook signatures (docs/approvals.md "Webhook dispatcher"): HMAC-SHA256 with the shared secret
// over `<timestamp>.<body>`, sent as `X-SalesTouch-Signature: t=<unix seconds>,v1=<hex>`. The
// timestamp inside the signed text lets a receiver refuse replays of an old delivery.
import { nodeCrypto } from "@salestouch/runtime";

export const SIGNATURE_HEADER = "x-salestouch-signature";

export function signature(secret: string, timestamp: number, body: string): string {
  return nodeCrypto().createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signature(secret, timestamp, body)}`;
}

export interface VerifyOptions {
  /** Seconds a delivery stays acceptable after it was signed (default 300). */
  toleranceSeconds?: number;
  /** Unix seconds now (default the clock). */
  now?: number;
}

/** For receivers: true when `header` signs `body` with `secret` and is recent enough. */
export function verifySignature(secret: string, header: string | undefined, body: string, options: VerifyOptions = {}): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  return nodeCrypto().timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(signature(secret, timestamp, body), "hex"));
}
