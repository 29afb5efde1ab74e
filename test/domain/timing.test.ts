import { ENGINE_TIMING, nextPollAt, plannedShortestMs, siteEstimateOf, taskDurationMs } from '../../src/domain/timing';

const at = (taskTime: { count: number; totalMs: number; minMs?: number }) => ({ taskTime });

describe('when the engine looks at a task again', () => {
  it('before any task of the site has ended: densely at first, then 5% of the time waited, at most 30 s', () => {
    const blind = at({ count: 0, totalMs: 0 });
    expect(nextPollAt(blind, { submittedAt: 1_000 }, 1_000)).toBe(1_040);
    expect(nextPollAt(blind, { submittedAt: 0 }, 100_000)).toBe(105_000);
    expect(nextPollAt(blind, { submittedAt: 0 }, 10_000_000)).toBe(10_030_000);
    expect(nextPollAt(blind, {}, 500)).toBe(540);
  });

  it('then not before the shortest task seen could end, and every 2% of the mean after', () => {
    const known = at({ count: 4, totalMs: 40_000, minMs: 8_000 });
    expect(nextPollAt(known, { submittedAt: 0 }, 100)).toBe(8_000 * 0.95);
    expect(nextPollAt(known, { submittedAt: 0 }, 9_000)).toBe(9_000 + 200);
    // A mean with no shortest known: the first look at 60% of the mean.
    expect(nextPollAt(at({ count: 2, totalMs: 20_000 }), { submittedAt: 0 }, 0)).toBe(6_000);
  });

  it('never plans with a shortest task under half the mean: one freak task does not make every task look early', () => {
    expect(plannedShortestMs({ count: 10, totalMs: 100_000, minMs: 50 })).toBe(5_000);
    expect(plannedShortestMs({ count: 10, totalMs: 100_000, minMs: 9_000 })).toBe(9_000);
    expect(plannedShortestMs({ count: 0, totalMs: 0 })).toBeUndefined();
    expect(siteEstimateOf({ count: 10, totalMs: 100_000, minMs: 50 })).toEqual({ meanMs: 10_000, minMs: 5_000 });
    expect(siteEstimateOf({ count: 1, totalMs: 4_000 })).toEqual({ meanMs: 4_000, minMs: 4_000 });
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
