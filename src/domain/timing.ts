import type { ChunkLine, JobRecord } from './job';

/**
 * When the engine looks at CSM again: pure rules, with the clock passed in.
 *
 * CSM has no progress counter and no callback, so the engine learns how long tasks take on the site and polls
 * around the expected end: not before the shortest task seen could have ended, then often, so a slot is refilled
 * soon after it frees. Before anything is known (the site's first job) it polls densely at first and less as it
 * waits: a task is then noticed at most 5% of its run time late (about 110 looks for a first 60-second task).
 */
export const ENGINE_TIMING = {
  /** A send or poll that failed in passing (429, 5xx, a lost answer) is tried again after this. */
  retryLaterMs: 5_000,
  /** After CSM said the site's task slots are full: no new send before this. */
  capBackoffMs: 2_000,
  /** The driver wakes at least this often, to renew its lease and look for a cancel. */
  maxIdleSleepMs: 10_000,
  /** Open tasks of the site's other jobs are counted again after this. */
  otherJobsRefreshMs: 10_000,
  /** The lease is renewed this often (it lasts LEASE_MS). */
  leaseRenewMs: 15_000,
} as const;

const MIN_POLL_MS = 10;
const MAX_POLL_MS = 30_000;
const BLIND_FIRST_MS = 40;
const BLIND_GROWTH = 0.05;
/** How close to the expected end the first look is, and how often to look after it (a fraction of the mean). */
const FIRST_LOOK_OF_SHORTEST = 0.95;
const FIRST_LOOK_OF_MEAN = 0.6;
const INTERVAL_OF_MEAN = 1 / 50;
/** One freak task (a last chunk of one row, a task refused at once) must not make every later task look early. */
const SHORTEST_OF_MEAN_AT_LEAST = 0.5;

type TaskTime = JobRecord['taskTime'];

/** The shortest task time the engine plans with: the shortest seen, but never under half the mean. */
export function plannedShortestMs(taskTime: TaskTime): number | undefined {
  if (taskTime.count === 0 || taskTime.minMs === undefined) return undefined;
  const meanMs = taskTime.totalMs / taskTime.count;
  return Math.min(meanMs, Math.max(taskTime.minMs, meanMs * SHORTEST_OF_MEAN_AT_LEAST));
}

/** When to look at an open task next. */
export function nextPollAt(
  job: Pick<JobRecord, 'taskTime'>,
  line: Pick<ChunkLine, 'submittedAt'>,
  now: number,
): number {
  const submittedAt = line.submittedAt ?? now;
  const { count, totalMs } = job.taskTime;
  if (count === 0) return now + Math.min(MAX_POLL_MS, Math.max(BLIND_FIRST_MS, (now - submittedAt) * BLIND_GROWTH));
  const meanMs = totalMs / count;
  const shortest = plannedShortestMs(job.taskTime);
  const firstLook =
    submittedAt + (shortest === undefined ? meanMs * FIRST_LOOK_OF_MEAN : shortest * FIRST_LOOK_OF_SHORTEST);
  if (now < firstLook) return firstLook;
  return now + Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, meanMs * INTERVAL_OF_MEAN));
}

/** What a finished job tells the site's next job about task times (see plannedShortestMs). */
export function siteEstimateOf(taskTime: TaskTime): { meanMs: number; minMs: number } | undefined {
  if (taskTime.count === 0) return undefined;
  const meanMs = taskTime.totalMs / taskTime.count;
  return { meanMs, minMs: plannedShortestMs(taskTime) ?? meanMs };
}

/** A task's run time by CSM's own clock, when it gives both ends. */
export function taskDurationMs(
  createdAt: string | null | undefined,
  updatedAt: string | null | undefined,
): number | undefined {
  if (!createdAt || !updatedAt) return undefined;
  const duration = Date.parse(updatedAt) - Date.parse(createdAt);
  return Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}
