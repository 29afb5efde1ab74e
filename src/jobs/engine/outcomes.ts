import { rowFailurePasses } from '../../csm/errors';
import { operationsOfChunk } from '../../domain/chunkOperations';
import { finalStatus, tallyOf, type ChunkLine, type ChunkRecord, type RowFailure } from '../../domain/job';
import type { RowOperation } from '../../domain/operations';
import type { TaskOutcome } from '../../domain/outcomes';
import { siteEstimateOf } from '../../domain/timing';
import { readBack } from '../readBack';
import type { ChunkCache } from './chunkCache';
import type { JobRun } from './jobRun';
import { skipPending } from './skip';

/** A chunk's rows decided: each failure says whether the row may pass if sent again as it is. */
export interface ChunkOutcome {
  succeeded: number[];
  failed: { index: number; error: string; retryable: boolean }[];
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

  /**
   * Decides the rows of an ended task (reading back those it does not account for, e.g. FAILED with no failures or
   * expired) and writes them down. A row CSM refused may pass if sent again only when all CSM said of it passes (the
   * one CSM error model: csm/errors.ts); a row read back unchanged may, unless its organization is not there or the
   * task listed reasons it could not tie to a row that do not pass.
   */
  async decide(
    index: number,
    chunk: ChunkRecord,
    operations: RowOperation[],
    outcome: TaskOutcome,
    taskStatus: string,
  ): Promise<void> {
    const decided: ChunkOutcome = {
      succeeded: outcome.succeeded,
      failed: outcome.failed.map(({ index: op, error, reported }) => ({
        index: op,
        error,
        retryable: rowFailurePasses(reported ?? []),
      })),
    };
    let decidedBy: ChunkLine['decidedBy'] = 'task';
    if (outcome.needsReadBack.length > 0) {
      const undecided = new Set(outcome.needsReadBack);
      const verified = await readBack(
        this.run.csm,
        operations.filter((op) => undecided.has(op.index)),
      );
      const unplacedPass = rowFailurePasses(outcome.unplaced ?? []);
      decided.succeeded = [...decided.succeeded, ...verified.succeeded];
      for (const { index: op, error, missing } of verified.failed)
        decided.failed.push({ index: op, error, retryable: !missing && unplacedPass });
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
    // An undo's rows held back when it was compared, stored with the chunk, join its task's failures.
    const held = chunk.heldParts ? await deps.store.chunks.readHeld(job.id, index, chunk.heldParts) : [];
    const failures: RowFailure[] = [
      ...held,
      ...outcome.failed.map((failure) => ({ ...failure, ...organizationOf(byIndex.get(failure.index)) })),
    ].sort((a, b) => a.row - b.row || a.index - b.index);
    const failureParts = failures.length > 0 ? await deps.store.failures.put(job.id, index, failures) : 0;
    this.chunks.drop(index);
    const line = job.chunks[index];
    this.run.lines.setState(index, 'DONE');
    line.nextPollAt = undefined;
    line.succeeded = outcome.succeeded.length;
    line.failed = failures.length;
    line.retryable = failures.length > 0 ? failures.filter((failure) => failure.retryable).length : undefined;
    line.failureParts = failureParts || undefined;
    line.decidedBy = decidedBy;
    line.taskStatus = taskStatus;
    this.run.dirty = true;
  }

  /** After a cancel: chunks not sent are skipped; tasks already with CSM are still followed to their end. */
  skipUnsent(): Promise<void> {
    this.run.dirty = true;
    return skipPending(this.run.deps, this.run.job, this.run.lines);
  }

  /** Whether every chunk has ended (done or skipped). */
  allEnded(): boolean {
    return this.run.lines.allEnded();
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
