import type { ChunkLine, JobRecord } from '../domain/job';

const MIN_POLL_MS = 25;
const MAX_POLL_MS = 30_000;
const FIRST_GUESS_MS = 150;
const FIRST_GUESS_GROWTH = 1.2;

/**
 * When to look at an open task next. CSM has no progress counter and no callback, so the
 * engine learns how long tasks take on this site and polls around the expected end: rarely
 * before it, often after it, so a slot is refilled soon after it frees.
 */
export function nextPollAt(job: Pick<JobRecord, 'taskTime'>, line: ChunkLine, now: number): number {
  const submittedAt = line.submittedAt ?? now;
  const polls = line.polls ?? 0;
  if (job.taskTime.count === 0) {
    return now + Math.min(MAX_POLL_MS, FIRST_GUESS_MS * FIRST_GUESS_GROWTH ** polls);
  }
  const meanMs = job.taskTime.totalMs / job.taskTime.count;
  const firstLook = submittedAt + meanMs * 0.6;
  if (now < firstLook) return firstLook;
  return now + Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, meanMs / 40));
}
