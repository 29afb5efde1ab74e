import { rowFailurePasses } from '../../csm/errors';
import { jobOperationsOfChunk } from '../../domain/chunkOperations';
import {
  finalStatus,
  transition,
  tallyOf,
  type ChunkLine,
  type ChunkRecord,
  type CreatedOrganization,
  type RowFailure,
} from '../../domain/job';
import type { JobOperation, RowOperation } from '../../domain/operations';
import { explainCsmError, type TaskOutcome } from '../../domain/outcomes';
import { siteEstimateOf } from '../../domain/timing';
import { readBack } from './readBack';
import type { ChunkComparer } from './comparer';
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
    private readonly chunks: ChunkComparer,
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
    outcome = associationsReadBack(outcome, operations);
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
      // What CSM said of the request without naming a row (e.g. "Unknown customer id(s)…") is the likely reason a
      // row read back undone: said first, the read-back's finding after it, never replaced by it.
      const csmSaid = [...new Set((outcome.unplaced ?? []).filter((text) => text.trim() !== '').map(unplacedReason))];
      const said = csmSaid.length > 0 ? `${csmSaid.join(' ')} ` : '';
      decided.succeeded = [...decided.succeeded, ...verified.succeeded];
      for (const { index: op, error, missing } of verified.failed)
        decided.failed.push({ index: op, error: `${said}${error}`, retryable: !missing && unplacedPass });
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
    const byIndex = new Map(jobOperationsOfChunk(chunk).map((op) => [op.index, op]));
    // An undo's rows held back when it was compared, stored with the chunk, join its task's failures.
    const held = chunk.heldParts ? await deps.store.chunks.readHeld(job.id, index, chunk.heldParts) : [];
    const failures: RowFailure[] = [
      ...held,
      ...outcome.failed.map((failure) => ({ ...failure, ...organizationOf(byIndex.get(failure.index)) })),
    ].sort((a, b) => a.row - b.row || a.index - b.index);
    await this.nameByReplacedValues(index, chunk, failures);
    const failureParts = failures.length > 0 ? await deps.store.failures.put(job.id, index, failures) : 0;
    // Like the failures, stored before the line says DONE: decided again after a crash, the same ids are found.
    const created = await this.createdBy(index, chunk, outcome.succeeded);
    const createdParts = created.length > 0 ? await deps.store.created.put(job.id, index, created) : 0;
    this.chunks.drop(index);
    const line = job.chunks[index];
    line.created = created.length || undefined;
    line.createdParts = createdParts || undefined;
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

  /**
   * A details request names organizations by id only: a failed row of it gets the organization's name from what the
   * chunk's organizations held before it was sent (stored when compared), so the page and the failed-rows file name it.
   */
  private async nameByReplacedValues(index: number, chunk: ChunkRecord, failures: RowFailure[]): Promise<void> {
    const unnamed = failures.filter((failure) => failure.name === undefined && failure.id !== undefined);
    if (unnamed.length === 0) return;
    const compared = [index, ...(chunk.movedFrom ?? [])].flatMap((from) => {
      const { beforeParts } = this.run.job.chunks[from];
      return beforeParts ? [{ index: from, parts: beforeParts }] : [];
    });
    if (compared.length === 0) return;
    const replaced = await this.run.deps.store.replaced.read(this.run.jobId, compared);
    const names = new Map(replaced.flatMap((value) => (value.was ? [[value.index, value.was.name] as const] : [])));
    for (const failure of unnamed) {
      const name = names.get(failure.index);
      if (name !== undefined) failure.name = name;
    }
  }

  /**
   * The organizations the chunk's succeeded rows created (those that, compared before the send, found none by their
   * name), found by that name now, 50 a read: CSM's task answers no ids. A name matched exactly first, else ignoring
   * case (CSM compares names so).
   */
  private async createdBy(index: number, chunk: ChunkRecord, succeeded: number[]): Promise<CreatedOrganization[]> {
    if (succeeded.length === 0) return [];
    // Rows moved in from other chunks (movedFrom) were compared there: what they replaced is stored under those.
    const compared = [index, ...(chunk.movedFrom ?? [])].flatMap((from) => {
      const { beforeParts, creates } = this.run.job.chunks[from];
      return beforeParts && creates ? [{ index: from, parts: beforeParts }] : [];
    });
    if (compared.length === 0) return [];
    const replaced = await this.run.deps.store.replaced.read(this.run.jobId, compared);
    const ok = new Set(succeeded);
    const creates = replaced.filter((value) => value.creates !== undefined && ok.has(value.index));
    if (creates.length === 0) return [];
    const found = await this.run.csm.fetchOrganizations({ names: [...new Set(creates.map((c) => c.creates!))] });
    const exact = new Map(found.map((org) => [org.name, org.id]));
    const folded = new Map(found.map((org) => [org.name.toLowerCase(), org.id]));
    return creates.map((value) => {
      const name = value.creates!;
      const id = exact.get(name) ?? folded.get(name.toLowerCase());
      return { index: value.index, row: value.row, name, ...(id !== undefined ? { id } : {}) };
    });
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
    transition(job, finalStatus(tallyOf(job.chunks)), this.run.now());
    await this.run.save({ active: false });
    const estimate = siteEstimateOf(job.taskTime);
    if (estimate) await deps.store.site.putTaskTimeEstimate(estimate);
  }
}

/**
 * A profile row that associates customers is read back even when its task says it succeeded: a peer app reports
 * the association "doesn't happen" on a live site with no failure listed (csm-api.md), so a customer not there
 * after the task fails the row, with its reason.
 */
function associationsReadBack(outcome: TaskOutcome, operations: readonly RowOperation[]): TaskOutcome {
  const associating = new Set(
    operations
      .filter((op) => op.kind === 'profiles' && (op.item.payload.associateCustomers?.customerIds.length ?? 0) > 0)
      .map((op) => op.index),
  );
  if (!outcome.succeeded.some((index) => associating.has(index))) return outcome;
  return {
    ...outcome,
    succeeded: outcome.succeeded.filter((index) => !associating.has(index)),
    needsReadBack: [...outcome.needsReadBack, ...outcome.succeeded.filter((index) => associating.has(index))],
  };
}

/** A reason CSM tied to no row, in words: explained when known (the explanation quotes CSM), else quoted as said. */
function unplacedReason(raw: string): string {
  const explained = explainCsmError(raw);
  return explained === raw.trim() ? `CSM said: "${explained}"` : explained;
}

function organizationOf(op: JobOperation | undefined): { row: number; id?: string; name?: string } {
  if (!op) return { row: 0 };
  if (op.kind === 'details') return { row: op.row, id: op.organizationId };
  if (op.kind === 'deletions') return { row: op.row, id: op.organizationId, name: op.name };
  if (op.kind === 'memberships' || op.kind === 'service-projects') return { row: op.row, ...op.organization };
  return { row: op.row, id: op.item.payload.id, name: op.item.payload.name };
}
