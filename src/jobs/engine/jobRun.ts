import type { CsmClient, CsmRequestCounts } from '../../csm/client';
import type { LoadedJob } from '../../domain/job';
import type { EngineDeps } from '../deps';
import type { AdvanceOptions } from './driver';
import { JobWriter } from './jobWriter';
import { ChunkStates } from './chunkStates';

/**
 * What one driver keeps while it drives one job, shared by its parts (dispatch, polling, outcomes, the loop).
 *
 * Polls and sends run on their own, not one step at a time: a task that ends while another is being polled, or
 * while a chunk is on its way, is noticed and its slot refilled at once. Each runs under a key (`poll:7`, `send:7`);
 * a key runs once at a time. An error in one stops the loop at its next turn, as if it had been thrown there.
 */
export class JobRun {
  readonly writer: JobWriter;
  /** The job's chunk lines by state: every change of a line's state goes through it. */
  readonly lines: ChunkStates;
  /** Whether the job has changes worth writing (a poll that found a task still running has none). */
  dirty = false;
  /** Set before the driver stops: nothing new starts. */
  stopping = false;
  failure: { error: unknown } | undefined;
  /** Chunks whose task has ended and whose outcome is being written: their slots are already free. */
  readonly finishing = new Set<number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly synced: CsmRequestCounts = { write: 0, statusPolls: 0, reads: 0, retries: 0 };
  private signalled = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly deps: EngineDeps,
    readonly job: LoadedJob,
    readonly options: AdvanceOptions,
    readonly csm: CsmClient,
  ) {
    this.lines = new ChunkStates(job.chunks);
    this.writer = new JobWriter(deps.store.jobs, job, this.lines, options.token, () => this.syncRequestCounts());
  }

  get jobId(): string {
    return this.job.id;
  }

  now(): number {
    return this.deps.clock.now();
  }

  /**
   * Whether the task of chunk `index` is the one looked at while no task time is known: the oldest open task (the
   * others wait for what it teaches, see nextPollAt).
   */
  isProbe(index: number): boolean {
    if (this.job.taskTime.count > 0) return false;
    let oldest: number | undefined;
    for (const other of this.lines.liveIndexes()) {
      const line = this.job.chunks[other];
      if (line.state !== 'OPEN') continue;
      const best = oldest === undefined ? undefined : this.job.chunks[oldest];
      if (!best || (line.submittedAt ?? Infinity) < (best.submittedAt ?? Infinity)) oldest = other;
    }
    return oldest === undefined || oldest === index;
  }

  /** Starts `work` under `key` unless that key is running or the driver is stopping. */
  launch(key: string, work: () => Promise<void>): void {
    if (this.stopping || this.inFlight.has(key)) return;
    const running = work()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.inFlight.delete(key);
        this.signal();
      });
    this.inFlight.set(key, running);
  }

  /** Whether a send or a poll is on its way. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  isRunning(key: string): boolean {
    return this.inFlight.has(key);
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Something finished: the loop looks again at once, or, if it is busy, before it next sleeps. */
  signal(): void {
    this.signalled = true;
    this.wake?.();
  }

  /** Called by the loop as it starts a turn: signals from now on wake its next sleep. */
  beginTurn(): void {
    this.signalled = false;
  }

  /** Sleeps until `wakeAt`, or until something signals; returns at once if something signalled during the turn. */
  async sleepUntil(wakeAt: number): Promise<void> {
    const now = this.now();
    if (wakeAt <= now || this.signalled) return;
    const cutShort = new AbortController();
    this.wake = () => cutShort.abort();
    await this.deps.clock.sleep(wakeAt - now, cutShort.signal);
    this.wake = undefined;
  }

  /** Before the driver stops: nothing new starts, and every call on its way is answered and written. */
  async settle(): Promise<void> {
    this.stopping = true;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
    await this.writer.settled();
  }

  save(options?: { active?: boolean }): Promise<void> {
    return this.writer.save(options);
  }

  /** Brings the job's request counts and time up to date just before it is written. */
  private syncRequestCounts(): void {
    const counts = this.csm.counts;
    for (const key of ['write', 'statusPolls', 'reads', 'retries'] as const) {
      this.job.requests[key] += counts[key] - this.synced[key];
      this.synced[key] = counts[key];
    }
    this.job.updatedAt = this.now();
    this.dirty = false;
  }
}
