import type { JobKind } from './operations';

/**
 * The durable shape of a bulk job, shared by the engine, the store and the admin page.
 * A job record stays small (a compact line per chunk); each chunk's request body and
 * per-row outcomes live in their own chunk record.
 */
export type JobStatus =
  | 'QUEUED'
  | 'RUNNING'
  | 'WAITING_FOR_USER'
  | 'CANCELLING'
  | 'SUCCEEDED'
  | 'PARTIAL'
  | 'FAILED'
  | 'CANCELLED';

export const FINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

export function isFinal(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.has(status);
}

/**
 * PENDING: not sent. SUBMITTING: a send may have reached CSM (resend with the same key).
 * OPEN: CSM has a task for it. DONE: every row has an outcome. SKIPPED: never sent (job cancelled).
 */
export type ChunkState = 'PENDING' | 'SUBMITTING' | 'OPEN' | 'DONE' | 'SKIPPED';

export interface ChunkLine {
  state: ChunkState;
  phase: number;
  size: number;
  taskId?: string;
  submittedAt?: number;
  nextPollAt?: number;
  polls?: number;
  succeeded?: number;
  failed?: number;
}

export interface RowFailure {
  index: number;
  row: number;
  /** The organization the row was about, as the file named it. */
  id?: string;
  name?: string;
  error: string;
}

export interface ChunkRecord {
  index: number;
  phase: number;
  kind: JobKind;
  body: unknown;
  operationIndexes: number[];
  rows: number[];
  succeeded: number[];
  failed: RowFailure[];
  /** How the outcome was decided: from the task's failures, or by reading the organizations back. */
  decidedBy?: 'task' | 'readBack' | 'cancelled';
  taskStatus?: string;
}

export interface RequestCounts {
  write: number;
  statusPolls: number;
  reads: number;
  retries: number;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  ownerAccountId: string;
  fileName?: string;
  retryOf?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  rows: number;
  operations: number;
  skippedRows: number;
  taskCap: number;
  chunks: ChunkLine[];
  requests: RequestCounts;
  /**
   * Durations of finished tasks, for the time-left estimate and poll timing; `minMs` is the shortest seen (seeded,
   * like the rest, from the site's last job; poll timing never uses less than half the mean).
   */
  taskTime: { count: number; totalMs: number; minMs?: number };
  waitingReason?: string;
  lastError?: string;
  heartbeatAt?: number;
}

export interface JobProgress {
  total: number;
  sent: number;
  succeeded: number;
  failed: number;
  pending: number;
  openTasks: number;
  chunksDone: number;
  chunks: number;
}

export function jobProgress(job: Pick<JobRecord, 'chunks' | 'operations'>): JobProgress {
  const progress: JobProgress = {
    total: job.operations,
    sent: 0,
    succeeded: 0,
    failed: 0,
    pending: 0,
    openTasks: 0,
    chunksDone: 0,
    chunks: job.chunks.length,
  };
  for (const chunk of job.chunks) {
    if (chunk.state === 'OPEN' || chunk.state === 'SUBMITTING') progress.openTasks += 1;
    if (chunk.state !== 'PENDING' && chunk.state !== 'SKIPPED') progress.sent += chunk.size;
    if (chunk.state === 'DONE') progress.chunksDone += 1;
    progress.succeeded += chunk.succeeded ?? 0;
    progress.failed += chunk.failed ?? 0;
  }
  progress.pending = progress.total - progress.succeeded - progress.failed;
  return progress;
}

/** The final status once no chunk is left to send or to wait for. */
export function finalStatus(job: Pick<JobRecord, 'chunks' | 'operations' | 'status'>): JobStatus {
  const progress = jobProgress(job);
  if (job.chunks.some((chunk) => chunk.state === 'SKIPPED')) return 'CANCELLED';
  if (progress.failed === 0) return 'SUCCEEDED';
  return progress.succeeded > 0 ? 'PARTIAL' : 'FAILED';
}

/** Estimated milliseconds left, from the task times seen so far and the slots available. */
export function estimateRemainingMs(job: JobRecord, now: number): number | undefined {
  if (isFinal(job.status) || job.taskTime.count === 0) return undefined;
  const meanTaskMs = job.taskTime.totalMs / job.taskTime.count;
  const unsent = job.chunks.filter((chunk) => chunk.state === 'PENDING').length;
  const open = job.chunks.filter((chunk) => chunk.state === 'OPEN' || chunk.state === 'SUBMITTING');
  const openLeft = open.reduce((longest, chunk) => Math.max(longest, (chunk.submittedAt ?? now) + meanTaskMs - now), 0);
  return Math.max(0, openLeft) + Math.ceil(unsent / Math.max(1, job.taskCap)) * meanTaskMs;
}
