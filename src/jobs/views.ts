import {
  estimateRemainingMs,
  jobLedger,
  jobProgress,
  type JobLedger,
  type JobProgress,
  type JobRecord,
} from '../domain/job';
import type { EngineDeps } from './deps';
import { failurePage, retryableCount, type FailureRow } from './failures';

/** What the admin page and the CLI show of a job. */
export type JobView = Pick<
  JobRecord,
  | 'id'
  | 'kind'
  | 'status'
  | 'ownerAccountId'
  | 'fileName'
  | 'retryOf'
  | 'retriedBy'
  | 'resumeOf'
  | 'resumedBy'
  | 'undoOf'
  | 'undoneBy'
  | 'deleteOf'
  | 'deletedBy'
  | 'createdAt'
  | 'finishedAt'
  | 'rows'
  | 'skippedRows'
  | 'skippedParts'
  | 'taskCap'
  | 'requests'
  | 'waitingReason'
  | 'lastError'
> & {
  progress: JobProgress;
  /** Where each row is: every count shown of the job comes from here (see JobLedger). */
  ledger: JobLedger;
  estimatedRemainingMs?: number;
  /** A page of the failed rows, each saying whether a retry sends it again. */
  failures: FailureRow[];
  failuresTotal: number;
  /** Of the failed rows, those a retry sends again: the others were refused for what they hold and need fixing. */
  failuresRetryable: number;
};

export function summarizeJob(
  job: JobRecord,
  now: number,
): Omit<JobView, 'failures' | 'failuresTotal' | 'failuresRetryable'> {
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
): Promise<JobView> {
  const failures = await failurePage(deps, job, page.offset ?? 0, page.limit ?? 100);
  return {
    ...summarizeJob(job, deps.clock.now()),
    failures,
    failuresTotal: job.tally.failed,
    failuresRetryable: retryableCount(job),
  };
}
