import { boundedMessage, LINES_PER_PAGE, tallyOf, type JobRecord, type LoadedJob } from '../../domain/job';
import type { JobRecords, LinePage } from '../../store/appStore';
import { pagesOf } from '../../store/kvsJobRecords';
import type { ChunkStates } from './chunkStates';

/**
 * The one writer of a driven job. Writes go one after another, so an older state can never land after a newer one;
 * a save asked for while another waits to start shares it (it takes the job as it is when it starts, with every
 * change made until then). Each write stores the line pages that changed since the last write, and the record with
 * a fresh tally, so no write grows with the job; only the pages of lines `Lines` says were touched are compared.
 */
export class JobWriter {
  private readonly written = new Map<number, string>();
  /** Pages that may differ from what storage holds: touched since they were last written. */
  private readonly unsaved = new Set<number>();
  private lastSave: Promise<void> = Promise.resolve();
  private queued: { promise: Promise<void>; active?: boolean } | undefined;

  constructor(
    private readonly records: JobRecords,
    private readonly job: LoadedJob,
    private readonly lines: ChunkStates,
    /** The lease the writes are made under: a write is refused (LeaseLostError) once another driver took the job. */
    private readonly leaseToken: string,
    /** Called just before each write takes the job: the place to bring counters up to date. */
    private readonly beforeWrite: (job: LoadedJob) => void = () => undefined,
  ) {
    // The pages as loaded are what storage holds.
    for (const page of pagesOf(job.chunks)) this.written.set(page.page, JSON.stringify(page.lines));
  }

  /** Saves after any save on its way; `active: false` also clears the job's active mark (the job has ended). */
  save(options: { active?: boolean } = {}): Promise<void> {
    if (this.queued) {
      if (options.active !== undefined) this.queued.active = options.active;
      return this.queued.promise;
    }
    const queued: { promise: Promise<void>; active?: boolean } = { promise: Promise.resolve(), active: options.active };
    queued.promise = this.lastSave.then(() => {
      this.queued = undefined;
      return this.write(queued.active);
    });
    this.queued = queued;
    this.lastSave = queued.promise.catch(() => undefined);
    return queued.promise;
  }

  /** Resolves once every save asked for so far has ended, whether or not it succeeded. */
  settled(): Promise<void> {
    return this.lastSave;
  }

  private async write(active: boolean | undefined): Promise<void> {
    this.beforeWrite(this.job);
    for (const index of this.lines.touched()) this.unsaved.add(Math.floor(index / LINES_PER_PAGE));
    const changed: LinePage[] = [];
    const texts = new Map<number, string>();
    for (const page of [...this.unsaved].sort((a, b) => a - b)) {
      const start = page * LINES_PER_PAGE;
      const text = JSON.stringify(this.job.chunks.slice(start, start + LINES_PER_PAGE));
      if (this.written.get(page) === text) {
        this.unsaved.delete(page);
        continue;
      }
      // Copies, taken now: the driver goes on changing the job while this write is on its way.
      changed.push({ page, lines: JSON.parse(text) });
      texts.set(page, text);
    }
    const record = JSON.parse(JSON.stringify(recordOf(this.job))) as JobRecord;
    this.job.tally = record.tally;
    await this.records.save(record, changed, { active, leaseToken: this.leaseToken });
    // A line touched while this write was on its way is named again by the next `touched()`.
    for (const [page, text] of texts) {
      this.written.set(page, text);
      this.unsaved.delete(page);
    }
  }
}

/** The stored record of a loaded job: everything but its lines, with their tally. */
export function recordOf(job: LoadedJob): JobRecord {
  const { chunks, ...record } = job;
  return {
    ...record,
    tally: tallyOf(chunks),
    waitingReason: boundedMessage(record.waitingReason),
    lastError: boundedMessage(record.lastError),
  };
}
