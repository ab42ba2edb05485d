// Splitting value lists for multi-row statements and `in (…)` lists, shared by the repositories.

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Distinct values for an `in (…)` list, in chunks padded (by repeating a value) to a power of two:
 * each list length is its own prepared statement, and a million-row import would otherwise
 * prepare and cache hundreds of them.
 */
export function inLists<T>(values: readonly T[], max = 512): T[][] {
  return chunks([...new Set(values)], max).map((chunk) => {
    let size = 1;
    while (size < chunk.length) size *= 2;
    return chunk.concat(new Array<T>(size - chunk.length).fill(chunk[chunk.length - 1]!));
  });
}
