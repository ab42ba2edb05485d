// Log lines are gathered and written once per turn of the event loop: one write per burst of
// requests instead of one per line, and never a synchronous write on the request path.
export interface LineWriter {
  (line: string): void;
  flush(): void;
}

export function bufferedLineWriter(stream: NodeJS.WritableStream, maxBytes = 64 * 1024): LineWriter {
  let pending: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    size = 0;
    stream.write(text);
  };
  const write = ((line: string) => {
    pending.push(line);
    size += line.length;
    if (size >= maxBytes) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }) as LineWriter;
  write.flush = flush;
  return write;
}
