import { operationsOfChunk } from '../../domain/chunkOperations';
import { finalStatus, tallyOf, type ChunkLine, type ChunkRecord, type RowFailure } from '../../domain/job';
import type { RowOperation } from '../../domain/operations';
import { siteEstimateOf } from '../../domain/timing';
import { readBack } from '../readBack';
import type { ChunkCache } from './chunkCache';
import type { JobRun } from './jobRun';

export interface ChunkOutcome {
  succeeded: number[];
  failed: { index: number; error: string }[];
  /** Rows the task does not account for (FAILED with no failures, or expired): decided by reading them back. */
  needsReadBack?: number[];
}

/**
 * Turns an ended task into per-row outcomes, and a job whose chunks have all ended into its final status.
 *
 * The invariant this file keeps: **a chunk's failures are stored before its line says DONE.** If the write of the
 * line is lost, the task is still OPEN in storage: it is polled again and decided the same way.
 */
export class Outcomes {
  constructor(
    private readonly run: JobRun,
    private readonly chunks: ChunkCache,
  ) {}

  /** Decides the rows of an ended task (reading back those it does not account for) and writes them down. */
  async decide(
    index: number,
    chunk: ChunkRecord,
    operations: RowOperation[],
    outcome: ChunkOutcome,
    taskStatus: string,
  ): Promise<void> {
    let decided = outcome;
    let decidedBy: ChunkLine['decidedBy'] = 'task';
    if (outcome.needsReadBack?.length) {
      const undecided = new Set(outcome.needsReadBack);
      const verified = await readBack(
        this.run.csm,
        operations.filter((op) => undecided.has(op.index)),
      );
      decided = {
        succeeded: [...outcome.succeeded, ...verified.succeeded],
        failed: [...outcome.failed, ...verified.failed],
      };
      decidedBy = 'readBack';
    }
    await this.finishChunk(index, chunk, decided, decidedBy, taskStatus);
  }

  async finishChunk(
    index: number,
    chunk: ChunkRecord,
    outcome: ChunkOutcome,
    decidedBy: ChunkLine['decidedBy'],
    taskStatus: string,
  ): Promise<void> {
    const { job, deps } = this.run;
    const byIndex = new Map(operationsOfChunk(chunk).map((op) => [op.index, op]));
    const failures: RowFailure[] = outcome.failed
      .map((failure) => ({ ...failure, ...organizationOf(byIndex.get(failure.index)) }))
      .sort((a, b) => a.row - b.row || a.index - b.index);
    const failureParts = failures.length > 0 ? await deps.store.failures.put(job.id, index, failures) : 0;
    this.chunks.drop(index);
    const line = job.chunks[index];
    line.state = 'DONE';
    line.nextPollAt = undefined;
    line.succeeded = outcome.succeeded.length;
    line.failed = failures.length;
    line.failureParts = failureParts || undefined;
    line.decidedBy = decidedBy;
    line.taskStatus = taskStatus;
    this.run.dirty = true;
  }

  /** After a cancel: chunks not sent are skipped; tasks already with CSM are still followed to their end. */
  skipUnsent(): void {
    for (const line of this.run.job.chunks) {
      if (line.state !== 'PENDING') continue;
      line.state = 'SKIPPED';
      this.run.dirty = true;
    }
  }

  /** Whether every chunk has ended (done or skipped). */
  allEnded(): boolean {
    return this.run.job.chunks.every((line) => line.state === 'DONE' || line.state === 'SKIPPED');
  }

  /** Ends the job once every call is answered: its final status, its active mark cleared, the site's task time kept. */
  async finishJob(): Promise<void> {
    const { job, deps } = this.run;
    await this.run.settle();
    this.run.throwIfFailed();
    job.status = finalStatus(tallyOf(job.chunks));
    job.finishedAt = this.run.now();
    await this.run.save({ active: false });
    const estimate = siteEstimateOf(job.taskTime);
    if (estimate) await deps.store.site.putTaskTimeEstimate(estimate);
  }
}

function organizationOf(op: RowOperation | undefined): { row: number; id?: string; name?: string } {
  if (!op) return { row: 0 };
  if (op.kind === 'details') return { row: op.row, id: op.organizationId };
  return { row: op.row, id: op.item.payload.id, name: op.item.payload.name };
}
