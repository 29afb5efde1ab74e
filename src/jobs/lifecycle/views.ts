import { estimateRemainingMs, jobLedger, jobProgress, type JobRecord } from '../../domain/job';
import type { JobAnswer, JobSummary } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';
import { failurePage, retryableCount } from './failures';

/** What the admin page and the CLI show of a job in a list, or once started or cancelled. */
export function summarizeJob(job: JobRecord, now: number): JobSummary {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    ownerAccountId: job.ownerAccountId,
    fileName: job.fileName,
    retryOf: job.retryOf,
    retriedBy: job.retriedBy,
    resumeOf: job.resumeOf,
    resumedBy: job.resumedBy,
    undoOf: job.undoOf,
    undoneBy: job.undoneBy,
    deleteOf: job.deleteOf,
    deletedBy: job.deletedBy,
    restoreOf: job.restoreOf,
    restoredBy: job.restoredBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    rows: job.rows,
    skippedRows: job.skippedRows,
    skippedParts: job.skippedParts,
    taskCap: job.taskCap,
    progress: jobProgress(job),
    ledger: jobLedger(job),
    estimatedRemainingMs: estimateRemainingMs(job, now),
    requests: job.requests,
    waitingReason: job.waitingReason,
    lastError: job.lastError,
  };
}

/** The job with a page of its failed rows (up to `limit`, from `offset`). */
export async function jobView(
  deps: EngineDeps,
  job: JobRecord,
  page: { offset?: number; limit?: number } = {},
): Promise<JobAnswer> {
  const failures = await failurePage(deps, job, page.offset ?? 0, page.limit ?? 100);
  return {
    ...summarizeJob(job, deps.clock.now()),
    failures,
    failuresTotal: job.tally.failed,
    failuresRetryable: retryableCount(job),
  };
}
