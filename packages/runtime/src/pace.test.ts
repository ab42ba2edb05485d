import { describe, expect, it } from "vitest";
import { pacer } from "./pace.js";

/** Spins the CPU for `ms` (work that holds the loop, as parsing or SQLite does). */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("pacer: paced work shares the event loop (docs/decisions/0012)", () => {
  it("gives the loop back after a slice, and runs one task's slice per turn however many tasks are paced", async () => {
    // A turn counter the loop advances by itself: one setImmediate per turn.
    let turn = 0;
    let counting = true;
    const tick = (): void => {
      turn++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    /** For each task, the turn each of its slices ran in. */
    const slices: number[][] = [[], [], [], []];
    await Promise.all(
      slices.map(async (turns) => {
        const pace = pacer();
        for (let piece = 0; piece < 12; piece++) {
          turns.push(turn);
          spin(3);
          await pace();
        }
      }),
    );
    counting = false;
    // Each task yielded (12 pieces of 3 ms make several 4 ms slices) ...
    for (const turns of slices) expect(new Set(turns).size).toBeGreaterThan(2);
    // ... and no two tasks ran a resumed slice in the same turn.
    const resumed = slices.flatMap((turns) => [...new Set(turns.slice(1))].filter((t) => t !== turns[0]));
    expect(new Set(resumed).size).toBe(resumed.length);
  });

  it("never yields for work shorter than a slice", async () => {
    const pace = pacer();
    let turned = false;
    setImmediate(() => (turned = true));
    for (let i = 0; i < 100; i++) await pace();
    expect(turned).toBe(false);
  });
});
