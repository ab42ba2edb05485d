// Prefixed, sortable ids (mis_…, off_…): 48-bit milliseconds + 80 random bits, Crockford base32,
// monotonic within one process so ids created in the same millisecond still sort in order.
// Imports make ids by the hundred thousand, so this avoids BigInt and draws randomness in pools.
import { nodeCrypto } from "./node-crypto.js";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_DIGITS = 16; // 80 bits

export interface IdGenerator {
  next(prefix: string): string;
}

function encodeTime(time: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32]! + out;
    time = Math.floor(time / 32);
  }
  return out;
}

/** Random base32 digits, drawn 4 KiB of entropy at a time. */
function randomDigitSource(): (digits: number[]) => void {
  const pool = Buffer.alloc(4096);
  let offset = pool.length;
  return (digits) => {
    for (let i = 0; i < digits.length; i++) {
      if (offset === pool.length) {
        nodeCrypto().randomFillSync(pool);
        offset = 0;
      }
      digits[i] = pool[offset++]! & 31;
    }
  };
}

/** Adds one to a base32 number held as digits; wraps at the top like the 80-bit value it is. */
function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]! += 1;
      return;
    }
    digits[i] = 0;
  }
}

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  const fill = randomDigitSource();
  const random = new Array<number>(RANDOM_DIGITS).fill(0);
  let lastTime = -1;
  let timePart = "";
  return {
    next(prefix) {
      const time = now();
      if (time === lastTime) increment(random);
      else {
        lastTime = time;
        timePart = encodeTime(time);
        fill(random);
      }
      let tail = "";
      for (const digit of random) tail += ALPHABET[digit];
      return `${prefix}_${timePart}${tail}`;
    },
  };
}
