import { beforeOf } from '../../domain/before';
import { operationsOfChunk } from '../../domain/chunkOperations';
import type { ChunkRecord } from '../../domain/job';
import { keepOperations } from '../../domain/plan';
import { previewRow } from '../../domain/preview';
import { currentOrganizations } from '../preview';
import type { JobRun } from './jobRun';

/**
 * The stored requests of the chunks in flight and of those to be sent next. A finished chunk is dropped: the cache
 * holds at most what the site's task slots hold, plus the next ones read ahead while the driver has nothing to do.
 *
 * The rule this file keeps: **a chunk is compared with the site before it is first sent, and its stored record says
 * so before it may be sent.** Comparing reads what its organizations hold now (a read per 25), stores that for an
 * undo, and, unless the job sends every row, takes out the rows that would change nothing. After a crash in between,
 * the chunk is still PENDING and uncompared, and is compared again: nothing was sent, so the same rows come out.
 */
const noop = () => undefined;

export class ChunkCache {
  private readonly chunks = new Map<number, ChunkRecord>();
  private readonly comparing = new Map<number, Promise<ChunkRecord>>();

  constructor(private readonly run: JobRun) {}

  async get(index: number): Promise<ChunkRecord> {
    const cached = this.chunks.get(index);
    if (cached) return cached;
    const chunk = await this.run.deps.store.chunks.get(this.run.jobId, index);
    if (!chunk) throw new Error(`Chunk ${index} of job ${this.run.jobId} is missing from storage.`);
    // A chunk rewritten while this read was on its way is cached already: the read is older, never taken over it.
    if (!this.chunks.has(index)) this.chunks.set(index, chunk);
    return this.chunks.get(index)!;
  }

  /** The chunk as it is to be sent: compared with the site first, once (see the rule above). */
  compared(index: number): Promise<ChunkRecord> {
    const running = this.comparing.get(index);
    if (running) return running;
    const comparing = this.compare(index).finally(() => this.comparing.delete(index));
    this.comparing.set(index, comparing);
    return comparing;
  }

  drop(index: number): void {
    this.chunks.delete(index);
  }

  /**
   * Reads the chunks to be sent next and compares them with the site, so that refilling a freed slot waits for no
   * storage read and no read of the site. A compare that fails here is left to the claim, which says why.
   */
  async readAhead(phase: number): Promise<void> {
    const upcoming = this.run.lines.pending(phase, this.run.job.taskCap);
    const next = upcoming.filter((index) => !this.chunks.has(index));
    if (next.length > 0)
      for (const chunk of await this.run.deps.store.chunks.getMany(this.run.jobId, next))
        if (!this.chunks.has(chunk.index)) this.chunks.set(chunk.index, chunk);
    for (const index of upcoming)
      if (!this.chunks.get(index)?.compared)
        this.run.launch(`compare:${index}`, () => this.compared(index).then(noop, noop));
  }

  private async compare(index: number): Promise<ChunkRecord> {
    const { run } = this;
    const stored = await this.get(index);
    if (!stored.compared) {
      const operations = operationsOfChunk(stored);
      const current = await currentOrganizations(run.csm, operations);
      const unchanged = new Set<number>();
      if (!run.job.sendAll)
        operations.forEach((op, position) => {
          if (previewRow(op, current[position]).change === 'unchanged') unchanged.add(op.index);
        });
      const befores = operations.flatMap((op, position) =>
        unchanged.has(op.index) ? [] : [beforeOf(op, current[position])],
      );
      const beforeParts = await run.deps.store.befores.put(run.jobId, index, befores);
      const compared: ChunkRecord = {
        ...keepOperations(stored, (op) => !unchanged.has(op)),
        compared: true,
        unchanged: [...unchanged],
        beforeParts,
      };
      await this.replace([compared]);
    }
    const chunk = this.chunks.get(index)!;
    // Also when the chunk was compared by a driver that stopped before saving its line.
    this.countRows(chunk);
    return chunk;
  }

  /**
   * Stores chunks rewritten before they are first sent, all or none, while this driver holds the job; their lines
   * then count their rows as stored.
   */
  async replace(chunks: ChunkRecord[]): Promise<void> {
    await this.run.deps.store.chunks.replace(this.run.jobId, chunks, this.run.options.token);
    for (const chunk of chunks) {
      this.chunks.set(chunk.index, chunk);
      this.countRows(chunk);
    }
  }

  /** A line's rows are those its chunk sends and those taken out as unchanged (rows moved in or out change both). */
  private countRows(chunk: ChunkRecord): void {
    const line = this.run.lines.get(chunk.index);
    const unchanged = chunk.unchanged?.length ?? 0;
    const size = chunk.operationIndexes.length + unchanged;
    if ((line.unchanged ?? 0) === unchanged && line.size === size) return;
    line.unchanged = unchanged || undefined;
    line.size = size;
    this.run.lines.touch(chunk.index);
    this.run.dirty = true;
  }
}
