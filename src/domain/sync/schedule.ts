import type { SyncPlan, SyncSchedule } from './types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The latest moment at or before `now` the schedule names (UTC). */
export function latestOccurrence(schedule: SyncSchedule, now: number): number {
  const topOfHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  if (schedule.every === 'hour') return topOfHour;
  const startOfDay = Math.floor(now / DAY_MS) * DAY_MS;
  let candidate = startOfDay + schedule.hour * HOUR_MS;
  if (schedule.every === 'day') return candidate > now ? candidate - DAY_MS : candidate;
  const daysBack = (new Date(startOfDay).getUTCDay() - schedule.weekday + 7) % 7;
  candidate -= daysBack * DAY_MS;
  return candidate > now ? candidate - 7 * DAY_MS : candidate;
}

/** A plan is due when it is enabled and has not run since the schedule last came round. */
export function isDue(
  plan: Pick<SyncPlan, 'enabled' | 'schedule' | 'lastRunAt' | 'pausedReason'>,
  now: number,
): boolean {
  if (!plan.enabled || plan.pausedReason !== undefined) return false;
  if (plan.lastRunAt === undefined) return true;
  return plan.lastRunAt < latestOccurrence(plan.schedule, now);
}
