import type { Clock } from '../../src/clock';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * Time for a test that drives the engine with fakes: the engine's clock and the fakes' delays share it, and it moves
 * only when everything that can run has run (the event loop has turned with nothing new to do) to the next wake-up.
 * So a 30 ms store write is 30 ms of this time whatever the machine's load, and "how long the job took" is exact.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = { at: this.time + Math.max(0, ms), seq: (this.seq += 1), wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Runs `work` to its end, moving time from wake-up to wake-up whenever nothing else can run. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const outcome = work.finally(() => (settled = true));
    outcome.catch(() => {});
    for (;;) {
      await turns();
      if (settled) return outcome;
      const next = [...this.sleepers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) throw new Error('the work waits on something other than the virtual clock: nothing left to wake');
      this.sleepers = this.sleepers.filter((other) => other !== next);
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
  }
}

/** Turns of the event loop until promise callbacks already queued have all run. */
async function turns(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
