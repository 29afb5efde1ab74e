import {
  ENGINE_TIMING,
  nextPollAt,
  plannedShortestMs,
  seededTaskTime,
  siteEstimateOf,
  spreadMs,
  taskDurationMs,
  withTaskTime,
} from '../../src/domain/timing';

const at = (taskTime: { count: number; totalMs: number; minMs?: number; sumSqMs?: number }) => ({ taskTime });

describe('when the engine looks at a task again', () => {
  it('before any task of the site has ended: only the oldest task is looked at, each look half its age later', () => {
    const blind = at({ count: 0, totalMs: 0 });
    expect(nextPollAt(blind, { submittedAt: 1_000 }, 1_000)).toBe(1_050);
    expect(nextPollAt(blind, { submittedAt: 0 }, 1_000)).toBe(1_500);
    expect(nextPollAt(blind, { submittedAt: 0 }, 10_000_000)).toBe(10_030_000);
    // The rest of the wave wait for what the first task teaches.
    expect(nextPollAt(blind, { submittedAt: 0 }, 0, false)).toBe(2_000);
  });

  it('then a first look just past the mean, a second where nearly every task has ended, then every spread', () => {
    // Ten tasks of 10 s with no spread: the prior (15% of the mean, weighing 3 tasks) still says about 0.8 s.
    const known = at({ count: 10, totalMs: 100_000, minMs: 10_000, sumSqMs: 10 * 10_000 ** 2 });
    const spread = spreadMs(known.taskTime)!;
    expect(spread).toBeCloseTo(1_500 * Math.sqrt(3 / 13), 6);
    expect(nextPollAt(known, { submittedAt: 0, polls: 0 }, 100)).toBeCloseTo(10_000 + 0.5 * spread + 200, 6);
    expect(nextPollAt(known, { submittedAt: 0, polls: 1 }, 10_500)).toBeCloseTo(10_000 + 2 * spread + 200, 6);
    expect(nextPollAt(known, { submittedAt: 0, polls: 2 }, 12_000)).toBeCloseTo(12_000 + spread, 6);
    // Tasks that spread widely are looked at later and less often.
    const wide = [6_000, 14_000, 8_000, 12_000].reduce(withTaskTime, at({ count: 0, totalMs: 0 }).taskTime);
    expect(spreadMs(wide)!).toBeGreaterThan(2_000);
    expect(nextPollAt({ taskTime: wide }, { submittedAt: 0 }, 0)).toBeGreaterThan(11_000);
  });

  it("seeds a job from the site's last job: its mean and spread, as one task", () => {
    const seeded = seededTaskTime({ meanMs: 4_000, minMs: 3_000, spreadMs: 400 });
    expect(seeded.count).toBe(1);
    expect(spreadMs(seeded)!).toBeCloseTo(Math.sqrt((400 ** 2 + 3 * 600 ** 2) / 4), 6);
    expect(seededTaskTime(undefined)).toEqual({ count: 0, totalMs: 0 });
  });

  it('never plans with a shortest task under half the mean: one freak task does not make every task look early', () => {
    expect(plannedShortestMs({ count: 10, totalMs: 100_000, minMs: 50 })).toBe(5_000);
    expect(plannedShortestMs({ count: 10, totalMs: 100_000, minMs: 9_000 })).toBe(9_000);
    expect(plannedShortestMs({ count: 0, totalMs: 0 })).toBeUndefined();
    expect(siteEstimateOf({ count: 10, totalMs: 100_000, minMs: 50 })).toMatchObject({ meanMs: 10_000, minMs: 5_000 });
    expect(siteEstimateOf({ count: 1, totalMs: 4_000 })).toEqual({ meanMs: 4_000, minMs: 4_000, spreadMs: 600 });
    expect(siteEstimateOf({ count: 0, totalMs: 0 })).toBeUndefined();
  });

  it("reads a task's run time from CSM's own times when it gives both", () => {
    expect(taskDurationMs('2026-01-15T10:00:00Z', '2026-01-15T10:00:07.5Z')).toBe(7_500);
    expect(taskDurationMs(undefined, '2026-01-15T10:00:00Z')).toBeUndefined();
    expect(taskDurationMs('2026-01-15T10:00:09Z', '2026-01-15T10:00:00Z')).toBeUndefined();
    expect(taskDurationMs('yesterday', 'today')).toBeUndefined();
    expect(ENGINE_TIMING.leaseRenewMs).toBeLessThan(120_000);
  });
});
