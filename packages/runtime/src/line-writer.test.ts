import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bufferedLineWriter } from "./line-writer.js";

function sink(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

describe("bufferedLineWriter", () => {
  it("writes the lines of one turn of the event loop together, in order", async () => {
    const { stream, writes } = sink();
    const write = bufferedLineWriter(stream);
    write("a\n");
    write("b\n");
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(["a\nb\n"]);
  });

  it("flushes at once past the size bound and on demand", () => {
    const { stream, writes } = sink();
    const write = bufferedLineWriter(stream, 4);
    write("abcd\n");
    expect(writes).toEqual(["abcd\n"]);
    write("e\n");
    write.flush();
    expect(writes).toEqual(["abcd\n", "e\n"]);
  });
});
