import { estimateRemainingMs, jobProgress, type JobProgress, type JobRecord, type RowFailure } from '../domain/job';
import type { EngineDeps } from './deps';

/** What the admin page and the CLI show of a job. */
export type JobView = Pick<
  JobRecord,
  | 'id'
  | 'kind'
  | 'status'
  | 'ownerAccountId'
  | 'fileName'
  | 'retryOf'
  | 'createdAt'
  | 'finishedAt'
  | 'rows'
  | 'skippedRows'
  | 'taskCap'
  | 'requests'
  | 'waitingReason'
  | 'lastError'
> & {
  progress: JobProgress;
  estimatedRemainingMs?: number;
  failures: RowFailure[];
  failuresTotal: number;
};

export function summarizeJob(job: JobRecord, now: number): Omit<JobView, 'failures' | 'failuresTotal'> {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    ownerAccountId: job.ownerAccountId,
    fileName: job.fileName,
    retryOf: job.retryOf,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    rows: job.rows,
    skippedRows: job.skippedRows,
    taskCap: job.taskCap,
    progress: jobProgress(job),
    estimatedRemainingMs: estimateRemainingMs(job, now),
    requests: job.requests,
    waitingReason: job.waitingReason,
    lastError: job.lastError,
  };
}

/** The job with its failed rows in row order (up to `limit`, from `offset`). */
export async function jobView(deps: EngineDeps, job: JobRecord, page: { offset?: number; limit?: number } = {}): Promise<JobView> {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? 100;
  const withFailures = job.chunks.flatMap((line, index) => ((line.failed ?? 0) > 0 ? [index] : []));
  const failuresTotal = job.chunks.reduce((sum, line) => sum + (line.failed ?? 0), 0);
  const failures: RowFailure[] = [];
  if (limit > 0 && withFailures.length > 0) {
    for (const chunk of await deps.store.getChunks(job.id, withFailures)) failures.push(...chunk.failed);
    failures.sort((a, b) => a.row - b.row || a.index - b.index);
  }
  return { ...summarizeJob(job, deps.clock.now()), failures: failures.slice(offset, offset + limit), failuresTotal };
}
