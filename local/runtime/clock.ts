/**
 * The local runtime's time: when queued events fall due, when triggers fire, when an invocation runs out of
 * time. Real by default; tests pass a ManualClock and move time forward themselves, so nothing depends on how
 * fast the machine is.
 */
export interface RuntimeClock {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: RuntimeClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Time that moves only when told to. */
export class ManualClock implements RuntimeClock {
  private time: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = Date.parse('2026-01-15T10:00:00.000Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), seq: (this.seq += 1), fn };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }

  /** How many timers wait. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Moves time forward by `ms`, running the timers that fall due in time order; after each, the event loop turns
   * until the work it started (storage, a consumer's first steps) has had its chance to run.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.pending.filter((entry) => entry.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.pending = this.pending.filter((entry) => entry !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await turns();
    }
    this.time = end;
    await turns();
  }
}

/** A few turns of the event loop: promise callbacks and I/O already done get to run. */
async function turns(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
