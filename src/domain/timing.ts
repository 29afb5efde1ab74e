import type { ChunkLine, JobRecord } from './job';

/**
 * When the engine looks at CSM again: pure rules, with the clock passed in.
 *
 * CSM has no progress counter and no callback, so the engine learns how long tasks take on the site and polls
 * around the expected end, learnt from the first task that ends (in the job, not only across jobs): each status
 * look is a call with a price, so a task is looked at about 1.3 times, while its slot is still refilled soon after
 * it frees. Before anything is known (the site's first job) one task is looked at, less often as it ages.
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
  /**
   * A background runner with nothing to do for this long ends its invocation and is woken by a delayed event when
   * the next thing is due: Forge bills consumers by GB-seconds, a sleep included (forge-platform.md, "Compute is
   * billed"). Below it, one more invocation (an event, a cold start) costs more than the sleep it saves.
   */
  parkAfterMs: 30_000,
} as const;

const MIN_POLL_MS = 10;
const MAX_POLL_MS = 30_000;
/** Before any task time is known, one task (the probe) is looked at, each look this share of its age later. */
const PROBE_FIRST_MS = 50;
const PROBE_GROWTH = 0.5;
/** The rest of a blind wave wait for the probe: looked at only as often as their age, at least every 2 s. */
const BLIND_OTHERS_MS = 2_000;
/**
 * With the mean and spread known: the first look a little after the expected end (most tasks have ended), a second
 * where nearly every task has, then every spread. Each task costs about 1.3 looks, and is noticed on average about a
 * tenth of a task time after it ended.
 */
const FIRST_LOOK_SPREADS = 0.5;
const SECOND_LOOK_SPREADS = 2;
/** CSM's clock starts when the send arrives, ours when the chunk is claimed: a look is this much later. */
const LATENESS_OF_MEAN = 0.02;
/** What the spread is taken to be before enough tasks were seen (a share of the mean), and how many tasks that weighs. */
const PRIOR_SPREAD_OF_MEAN = 0.15;
const PRIOR_WEIGHT = 3;
/** One freak task (a last chunk of one row, a task refused at once) must not make every later task look early. */
const SHORTEST_OF_MEAN_AT_LEAST = 0.5;

type TaskTime = JobRecord['taskTime'];

/** The shortest task time the engine plans with: the shortest seen, but never under half the mean. */
export function plannedShortestMs(taskTime: TaskTime): number | undefined {
  if (taskTime.count === 0 || taskTime.minMs === undefined) return undefined;
  const meanMs = taskTime.totalMs / taskTime.count;
  return Math.min(meanMs, Math.max(taskTime.minMs, meanMs * SHORTEST_OF_MEAN_AT_LEAST));
}

/**
 * How much task times spread around their mean (a standard deviation, in ms): what the tasks seen say, weighed with
 * a prior of 15% of the mean so that one or two tasks cannot make the engine look too early or too late.
 */
export function spreadMs(taskTime: TaskTime): number | undefined {
  if (taskTime.count === 0) return undefined;
  const meanMs = taskTime.totalMs / taskTime.count;
  const seen = taskTime.sumSqMs === undefined ? 0 : taskTime.count;
  const observed = seen === 0 ? 0 : Math.max(0, taskTime.sumSqMs! / seen - meanMs * meanMs);
  const prior = (PRIOR_SPREAD_OF_MEAN * meanMs) ** 2;
  return Math.sqrt((seen * observed + PRIOR_WEIGHT * prior) / (seen + PRIOR_WEIGHT));
}

/** Adds an ended task's run time to what is known. */
export function withTaskTime(taskTime: TaskTime, durationMs: number): TaskTime {
  const known = taskTime.count === 0 || taskTime.sumSqMs !== undefined;
  return {
    count: taskTime.count + 1,
    totalMs: taskTime.totalMs + durationMs,
    minMs: taskTime.minMs === undefined ? durationMs : Math.min(taskTime.minMs, durationMs),
    // A record from before the spread was kept has no sum of squares: it stays without one (the prior is used).
    ...(known ? { sumSqMs: (taskTime.sumSqMs ?? 0) + durationMs * durationMs } : {}),
  };
}

/**
 * When to look at an open task next, given the looks already made (`polls`). Before any task time is known (the
 * site's first job), only the `probe` (the oldest open task) is looked at often, each look half its age later; the
 * others wait for what it teaches.
 */
export function nextPollAt(
  job: Pick<JobRecord, 'taskTime'>,
  line: Pick<ChunkLine, 'submittedAt' | 'polls'>,
  now: number,
  probe = true,
): number {
  const submittedAt = line.submittedAt ?? now;
  const age = now - submittedAt;
  const { count, totalMs } = job.taskTime;
  if (count === 0) {
    const wait = probe ? Math.max(PROBE_FIRST_MS, age * PROBE_GROWTH) : Math.max(BLIND_OTHERS_MS, age);
    return now + Math.min(MAX_POLL_MS, wait);
  }
  const meanMs = totalMs / count;
  const spread = spreadMs(job.taskTime)!;
  const late = Math.max(MIN_POLL_MS, meanMs * LATENESS_OF_MEAN);
  // By the looks made, not by the time: the mean moves as tasks end, and a task must not be looked at twice running.
  const looks = line.polls ?? 0;
  const first = submittedAt + meanMs + FIRST_LOOK_SPREADS * spread + late;
  if (looks === 0) return Math.max(now, first);
  const second = submittedAt + meanMs + SECOND_LOOK_SPREADS * spread + late;
  const every = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, spread));
  return looks === 1 ? Math.max(now + MIN_POLL_MS, second) : now + every;
}

/** What a finished job tells the site's next job about task times (see plannedShortestMs). */
export function siteEstimateOf(taskTime: TaskTime): { meanMs: number; minMs: number; spreadMs: number } | undefined {
  if (taskTime.count === 0) return undefined;
  const meanMs = taskTime.totalMs / taskTime.count;
  return { meanMs, minMs: plannedShortestMs(taskTime) ?? meanMs, spreadMs: spreadMs(taskTime)! };
}

/** A job's task times seeded from what the site's last job measured: one task of the mean and its spread. */
export function seededTaskTime(known: { meanMs: number; minMs: number; spreadMs?: number } | undefined): TaskTime {
  if (!known) return { count: 0, totalMs: 0 };
  const spread = known.spreadMs ?? PRIOR_SPREAD_OF_MEAN * known.meanMs;
  return { count: 1, totalMs: known.meanMs, minMs: known.minMs, sumSqMs: known.meanMs ** 2 + spread ** 2 };
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
