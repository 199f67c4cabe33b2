import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave, type SaveStatus } from "./autosave";

type Doc = { text: string };

function harness(fail: (v: Doc) => boolean = () => false) {
  const written: string[] = [];
  const statuses: SaveStatus["kind"][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const a = new Autosave<Doc>(
    async (v) => {
      if (hold) await new Promise<void>((r) => (release = r));
      if (fail(v)) throw new Error("refused");
      written.push(v.text);
    },
    (s) => statuses.push(s.kind),
    800,
  );
  return {
    a,
    written,
    statuses,
    holdWrites: () => (hold = true),
    releaseWrite: () => release?.(),
  };
}

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once, after typing stops, and not the value it was loaded with", async () => {
    const h = harness();
    h.a.reset({ text: "draft" });
    h.a.change({ text: "draft" });
    h.a.change({ text: "d" });
    h.a.change({ text: "da" });
    await vi.advanceTimersByTimeAsync(500);
    expect(h.written).toEqual([]);
    h.a.change({ text: "day" });
    await vi.advanceTimersByTimeAsync(800);
    expect(h.written).toEqual(["day"]);
    expect(h.statuses.at(-1)).toBe("saved");
  });

  it("flush saves at once and reports whether everything typed is saved", async () => {
    const h = harness();
    h.a.reset({ text: "" });
    h.a.change({ text: "typed" });
    expect(await h.a.flush()).toBe(true);
    expect(h.written).toEqual(["typed"]);
    expect(await h.a.flush()).toBe(true);
    expect(h.written).toEqual(["typed"]);
  });

  it("writes in order, one at a time, and a value typed during a write is saved after it", async () => {
    const h = harness();
    h.a.reset({ text: "" });
    h.holdWrites();
    h.a.change({ text: "one" });
    const first = h.a.flush();
    h.a.change({ text: "two" });
    const second = h.a.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.written).toEqual([]);
    h.releaseWrite();
    await first;
    expect(h.written).toEqual(["one"]);
    await vi.advanceTimersByTimeAsync(0);
    h.releaseWrite();
    expect(await second).toBe(true);
    expect(h.written).toEqual(["one", "two"]);
  });

  it("typing back the loaded text while a write is under way still saves what is on screen", async () => {
    const h = harness();
    h.a.reset({ text: "old" });
    h.a.change({ text: "new" });
    await h.a.flush();
    h.a.change({ text: "old" });
    expect(await h.a.flush()).toBe(true);
    expect(h.written).toEqual(["new", "old"]);
  });

  it("a refused write is said, kept pending for the next edit, and flush answers false", async () => {
    const h = harness((v) => v.text === "bad");
    h.a.reset({ text: "" });
    h.a.change({ text: "bad" });
    expect(await h.a.flush()).toBe(false);
    expect(h.statuses.at(-1)).toBe("failed");
    expect(await h.a.flush()).toBe(false);
    // The same text again is retried, not taken as saved.
    h.a.change({ text: "bad" });
    expect(h.statuses.at(-1)).toBe("pending");
    h.a.change({ text: "good" });
    expect(await h.a.flush()).toBe(true);
    expect(h.written).toEqual(["good"]);
  });
});
