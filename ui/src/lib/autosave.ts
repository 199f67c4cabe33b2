// Saves what the user types a moment after typing stops, one write at a time and in order, so that
// nothing typed depends on a button: switching steps, an export, a correction or a restart all start
// from what was saved. The page shows the status it is given; `flush` saves at once (before an
// export, when the page closes).

export type SaveStatus =
  /** Nothing typed since the page opened. */
  | { kind: "idle" }
  /** Typed, saved in a moment. */
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  /** The store refused it (the error as thrown): the text stays on screen, the next edit retries. */
  | { kind: "failed"; error: unknown };

export class Autosave<T> {
  /** JSON of the value last loaded or handed to `write`: the one not to save again. */
  #latest = "";
  #pending: T | null = null;
  #failed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly notify: (status: SaveStatus) => void,
    private readonly delay = 800,
  ) {}

  /** The value as loaded from the store: saved again only once it changes. */
  reset(value: T) {
    clearTimeout(this.#timer);
    this.#pending = null;
    this.#failed = false;
    this.#latest = JSON.stringify(value);
    this.notify({ kind: "idle" });
  }

  /** Called with every edit; the write follows `delay` ms after the last one. */
  change(value: T) {
    clearTimeout(this.#timer);
    if (JSON.stringify(value) === this.#latest && !this.#failed) {
      this.#pending = null;
      return;
    }
    this.#pending = value;
    this.notify({ kind: "pending" });
    this.#timer = setTimeout(() => void this.flush(), this.delay);
  }

  /** Saves what is pending now and waits for every write so far. True when all that was typed is
   *  saved; a failure is reported through `notify`, never thrown. */
  async flush(): Promise<boolean> {
    clearTimeout(this.#timer);
    const value = this.#pending;
    this.#pending = null;
    if (value !== null) {
      this.#latest = JSON.stringify(value);
      this.#queue = this.#queue.then(async () => {
        this.notify({ kind: "saving" });
        try {
          await this.write(value);
          this.#failed = false;
          this.notify(this.#pending === null ? { kind: "saved", at: new Date() } : { kind: "pending" });
        } catch (error) {
          this.#failed = true;
          this.notify({ kind: "failed", error });
        }
      });
    }
    await this.#queue;
    return !this.#failed && this.#pending === null;
  }
}
