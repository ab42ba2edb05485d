// Cursor pagination shared by every list: opaque base64url of the last id seen.
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, "utf8").toString("base64url");
}

/** Undefined when the cursor was not made by encodeCursor; callers report it as invalid input. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^[a-z]+_[0-9A-Za-z]+$/.test(id) ? id : undefined;
}
