import type { ChunkLine, JobRecord, JobTally } from './job';

/**
 * A job's counts, all derived from its chunk lines as stored: the tally kept in the job record, the progress a
 * running job shows, and the ledger every screen counts from.
 */
export function tallyOf(lines: readonly ChunkLine[]): JobTally {
  const tally: JobTally = {
    chunks: lines.length,
    pending: 0,
    open: 0,
    done: 0,
    skipped: 0,
    sent: 0,
    notSent: 0,
    succeeded: 0,
    failed: 0,
    retryable: 0,
    unchanged: 0,
    tasks: 0,
  };
  for (const line of lines) {
    switch (line.state) {
      case 'PENDING':
        tally.pending += 1;
        break;
      case 'SKIPPED':
        tally.skipped += 1;
        // Its held rows are failed (jobs/engine/skip.ts), not unsent.
        tally.notSent += line.size - (line.unchanged ?? 0) - (line.held ?? 0);
        break;
      case 'DONE':
        tally.done += 1;
        break;
      default:
        tally.open += 1;
        // A task CSM said ended no longer holds a slot, even before its rows are decided.
        if (line.taskEnded !== undefined) tally.ended = (tally.ended ?? 0) + 1;
        if (line.submittedAt !== undefined)
          tally.lastOpenSubmittedAt = Math.max(tally.lastOpenSubmittedAt ?? 0, line.submittedAt);
    }
    if (line.state !== 'PENDING' && line.state !== 'SKIPPED')
      tally.sent += line.size - (line.unchanged ?? 0) - (line.held ?? 0);
    tally.unchanged += line.unchanged ?? 0;
    if (line.held) tally.held = (tally.held ?? 0) + line.held;
    if (line.taskId !== undefined) tally.tasks += 1;
    if (line.creates) tally.creates = (tally.creates ?? 0) + line.creates;
    if (line.created) tally.created = (tally.created ?? 0) + line.created;
    if (line.removes && line.succeeded) tally.removed = (tally.removed ?? 0) + line.succeeded;
    if (line.deletes && line.succeeded) tally.deleted = (tally.deleted ?? 0) + line.succeeded;
    tally.succeeded += line.succeeded ?? 0;
    tally.failed += line.failed ?? 0;
    tally.retryable += line.retryable ?? line.failed ?? 0;
  }
  return tally;
}

export interface JobProgress {
  total: number;
  sent: number;
  succeeded: number;
  failed: number;
  pending: number;
  /** Operations in chunks skipped by a cancel: never sent. */
  notSent: number;
  /** Rows not sent because the site already held what they say. */
  unchanged: number;
  /** An undo's rows not sent because their organization changed after the job (among `failed`; a retry sends them). */
  changedSince: number;
  /** Requests the job needed (a task each), and those sending every row as planned would have needed. */
  tasks: number;
  plannedTasks: number;
  /** Rows that create an organization (see JobTally.creates). */
  creates: number;
  openTasks: number;
  chunksDone: number;
  chunks: number;
}

export function jobProgress(job: Pick<JobRecord, 'tally' | 'operations' | 'plannedTasks'>): JobProgress {
  const { tally } = job;
  return {
    total: job.operations,
    sent: tally.sent,
    succeeded: tally.succeeded,
    failed: tally.failed,
    pending: Math.max(0, job.operations - tally.succeeded - tally.failed - tally.notSent - (tally.unchanged ?? 0)),
    notSent: tally.notSent,
    unchanged: tally.unchanged ?? 0,
    changedSince: tally.held ?? 0,
    tasks: tally.tasks ?? 0,
    plannedTasks: job.plannedTasks ?? tally.chunks,
    creates: tally.creates ?? 0,
    openTasks: tally.open,
    chunksDone: tally.done,
    chunks: tally.chunks,
  };
}

/**
 * The ledger: where each of a job's rows is, from its rows' outcomes as stored (the chunk lines' counts, kept in
 * the job's tally). Every number a person sees of a job, on the page, in the jobs list, in a confirmation, in the
 * CLI's text and its --json, is taken from here, never counted on the side.
 *
 * The invariant: **each row is in exactly one place**, so
 * `rows = created + updated + deleted + unchanged + failed + skipped + notSent + pending`, and `pending` is 0 once
 * the job has ended, unless it was stopped whole before its end (FAILED with its reason: storage refused a write for
 * good, the site refused the app): the rows it had not decided then stay `pending`, never counted as failed rows. `rows` are the job's rows: those it carries (one operation each) and those left out for errors
 * in the file. A delete job's succeeded rows are `deleted`; another job's are `created` or `updated`.
 */
export interface JobLedger {
  rows: number;
  created: number;
  updated: number;
  deleted: number;
  /** A memberships job's changes: customers added to and removed from organizations (0 for any other job). */
  added: number;
  removed: number;
  /** Not sent: the site already held what they say (for a delete, the organization was already gone). */
  unchanged: number;
  failed: number;
  /** Left out for errors in the file (the admin chose to skip them). */
  skipped: number;
  /** Never sent: the job was cancelled first. */
  notSent: number;
  /** Not decided yet (0 once the job has ended). */
  pending: number;
}

export function jobLedger(job: Pick<JobRecord, 'kind' | 'tally' | 'operations' | 'skippedRows' | 'status'>): JobLedger {
  const { tally } = job;
  const deleting = job.kind === 'deletions';
  // Memberships and service projects: a row adds (a customer, a sharing) or removes one.
  const memberships = job.kind === 'memberships' || job.kind === 'service-projects';
  // A merges job's changes update the kept organizations, and its deletions delete the merged ones.
  const merging = job.kind === 'merges';
  const created = deleting || memberships || merging ? 0 : Math.min(tally.created ?? 0, tally.succeeded);
  const deletedByMerge = merging ? Math.min(tally.deleted ?? 0, tally.succeeded) : 0;
  const removed = memberships ? Math.min(tally.removed ?? 0, tally.succeeded) : 0;
  const decided = tally.succeeded + tally.failed + tally.unchanged + tally.notSent;
  return {
    rows: job.operations + job.skippedRows,
    created,
    updated: deleting || memberships ? 0 : tally.succeeded - created - deletedByMerge,
    deleted: deleting ? tally.succeeded : deletedByMerge,
    added: memberships ? tally.succeeded - removed : 0,
    removed,
    unchanged: tally.unchanged,
    failed: tally.failed,
    skipped: job.skippedRows,
    notSent: tally.notSent,
    pending: Math.max(0, job.operations - decided),
  };
}

/** Whether the ledger adds up (see JobLedger): asserted by the tests over every scenario they run. */
export function ledgerAddsUp(ledger: JobLedger, ended: boolean): boolean {
  const placed =
    ledger.created +
    ledger.updated +
    ledger.deleted +
    ledger.added +
    ledger.removed +
    ledger.unchanged +
    ledger.failed +
    ledger.skipped +
    ledger.notSent +
    ledger.pending;
  return placed === ledger.rows && (!ended || ledger.pending === 0);
}
