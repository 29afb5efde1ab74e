/**
 * A job's status and the one gate that changes it. `transition` is the only writer of a stored job's status (lint
 * refuses `x.status = …` anywhere else in src/): it refuses a move the table does not allow, stamps `finishedAt` on
 * a final status and keeps `waitingReason` only while the job waits for a user.
 */
export type JobStatus =
  'QUEUED' | 'RUNNING' | 'WAITING_FOR_USER' | 'CANCELLING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'CANCELLED';

export const FINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

export function isFinal(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.has(status);
}

const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;

/**
 * Where each status may go. A cancel may end a job at once (nothing open) in any final status its rows earned; a job
 * waiting for its owner goes back to RUNNING when a driver takes it, or to CANCELLING; a final status is final.
 * CANCELLING may wait for a user (CSM refused the owner while the last tasks were followed): the cancel request is a
 * key of its own, so the driver that takes the job on sees it again.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  QUEUED: ['RUNNING', 'WAITING_FOR_USER', 'CANCELLING', ...FINAL],
  RUNNING: ['WAITING_FOR_USER', 'CANCELLING', ...FINAL],
  WAITING_FOR_USER: ['RUNNING', 'CANCELLING', ...FINAL],
  CANCELLING: ['WAITING_FOR_USER', 'RUNNING', ...FINAL],
  SUCCEEDED: [],
  PARTIAL: [],
  FAILED: [],
  CANCELLED: [],
};

export class JobTransitionError extends Error {
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
  ) {
    super(`A job cannot go from ${from} to ${to}.`);
    this.name = 'JobTransitionError';
  }
}

/** The fields of a job the gate writes. */
export interface JobStatusFields {
  status: JobStatus;
  updatedAt: number;
  finishedAt?: number;
  waitingReason?: string;
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return from === to || JOB_TRANSITIONS[from].includes(to);
}

/**
 * Moves `job` to `to` at time `at` (ms). `reason` is what a WAITING_FOR_USER job shows; leaving that status clears
 * it. Staying in a status is allowed and changes nothing but the reason. Throws JobTransitionError otherwise.
 */
export function transition(job: JobStatusFields, to: JobStatus, at: number, reason?: string): void {
  if (!canTransition(job.status, to)) throw new JobTransitionError(job.status, to);
  if (job.status === to && to !== 'WAITING_FOR_USER') return;
  job.status = to;
  job.updatedAt = at;
  job.waitingReason = to === 'WAITING_FOR_USER' ? reason : undefined;
  if (isFinal(to)) job.finishedAt = at;
}
