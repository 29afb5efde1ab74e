import type { ChunkRecord } from '../../domain/job';
import type { JobRun } from './jobRun';

/**
 * The stored requests of the chunks in flight and of those to be sent next. A finished chunk is dropped: the cache
 * holds at most what the site's task slots hold, plus the next ones read ahead while the driver has nothing to do.
 */
export class ChunkCache {
  private readonly chunks = new Map<number, ChunkRecord>();

  constructor(private readonly run: JobRun) {}

  async get(index: number): Promise<ChunkRecord> {
    const cached = this.chunks.get(index);
    if (cached) return cached;
    const chunk = await this.run.deps.store.chunks.get(this.run.jobId, index);
    if (!chunk) throw new Error(`Chunk ${index} of job ${this.run.jobId} is missing from storage.`);
    this.chunks.set(index, chunk);
    return chunk;
  }

  drop(index: number): void {
    this.chunks.delete(index);
  }

  /** Reads the chunks to be sent next, so that refilling a freed slot waits for no storage read. */
  async readAhead(phase: number): Promise<void> {
    const next = this.run.lines.pending(phase, this.run.job.taskCap).filter((index) => !this.chunks.has(index));
    if (next.length === 0) return;
    for (const chunk of await this.run.deps.store.chunks.getMany(this.run.jobId, next))
      this.chunks.set(chunk.index, chunk);
  }
}
