import type { ChunkLine, JobRecord } from '../domain/job';

const MIN_POLL_MS = 10;
const MAX_POLL_MS = 30_000;
/** Before any task of the site has ended: look every 40 ms at first, then every 5% of the time waited so far. */
const BLIND_FIRST_MS = 40;
const BLIND_GROWTH = 0.05;
/** How close to the expected end the first look is, and how often to look after it (a fraction of the mean). */
const FIRST_LOOK_OF_SHORTEST = 0.95;
const FIRST_LOOK_OF_MEAN = 0.6;
const INTERVAL_OF_MEAN = 1 / 50;
const SHORTEST_OF_MEAN_AT_LEAST = 0.5;

/**
 * When to look at an open task next. CSM has no progress counter and no callback, so the engine
 * learns how long tasks take on this site and polls around the expected end: not before the
 * shortest task seen so far could have ended, then often, so a slot is refilled soon after it frees.
 * Before anything is known (the site's first job), it polls densely at first and less as it waits:
 * a task is then noticed at most 5% of its run time late (about 110 looks for the site's very first
 * 60-second task; later tasks are timed from it).
 */
export function nextPollAt(job: Pick<JobRecord, 'taskTime'>, line: ChunkLine, now: number): number {
  const submittedAt = line.submittedAt ?? now;
  const { count, totalMs, minMs } = job.taskTime;
  if (count === 0) {
    return now + Math.min(MAX_POLL_MS, Math.max(BLIND_FIRST_MS, (now - submittedAt) * BLIND_GROWTH));
  }
  const meanMs = totalMs / count;
  // One freak task (a last chunk of one row, a task refused at once) must not make every later task look early.
  const shortest = minMs === undefined ? undefined : Math.min(meanMs, Math.max(minMs, meanMs * SHORTEST_OF_MEAN_AT_LEAST));
  const firstLook = submittedAt + (shortest === undefined ? meanMs * FIRST_LOOK_OF_MEAN : shortest * FIRST_LOOK_OF_SHORTEST);
  if (now < firstLook) return firstLook;
  return now + Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, meanMs * INTERVAL_OF_MEAN));
}
