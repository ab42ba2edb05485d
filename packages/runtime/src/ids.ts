// Prefixed, sortable ids (mis_…, off_…): 48-bit milliseconds + 80 random bits, Crockford base32,
// monotonic within one process so ids created in the same millisecond still sort in order.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export interface IdGenerator {
  next(prefix: string): string;
}

function encode(value: bigint, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let lastTime = -1;
  let lastRandom = 0n;
  return {
    next(prefix) {
      const time = now();
      if (time === lastTime) {
        lastRandom = (lastRandom + 1n) & ((1n << 80n) - 1n);
      } else {
        lastTime = time;
        lastRandom = BigInt(`0x${randomBytes(10).toString("hex")}`);
      }
      return `${prefix}_${encode(BigInt(time), 10)}${encode(lastRandom, 16)}`;
    },
  };
}
