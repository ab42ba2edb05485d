import { afterEach, describe, expect, it } from "vitest";
import { codeCacheNotNow, codeCacheReady, NOT_NOW, SAVE_AGAIN } from "./code-cache-ready.js";

const global = globalThis as { [SAVE_AGAIN]?: () => void; [NOT_NOW]?: boolean };

afterEach(() => {
  delete global[SAVE_AGAIN];
  delete global[NOT_NOW];
});

describe("codeCacheReady", () => {
  it("saves once through what the launcher left, then never again", () => {
    let saves = 0;
    global[SAVE_AGAIN] = () => saves++;
    codeCacheReady();
    codeCacheReady();
    expect(saves).toBe(1);
    expect(global[SAVE_AGAIN]).toBeUndefined();
  });

  it("does nothing without the launcher (a source run, a test, a cache that was good)", () => {
    expect(() => codeCacheReady()).not.toThrow();
  });

  it("codeCacheNotNow leaves the mark the launcher reads at exit", () => {
    codeCacheNotNow();
    expect(global[NOT_NOW]).toBe(true);
  });
});
