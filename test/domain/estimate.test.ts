import { estimateJob } from '../../src/domain/estimate';

describe("a job's time, estimated before it starts", () => {
  it('counts waves of the cap per phase, each a task time of the site', () => {
    // 12 requests in phase 0 at 5 at once: 3 waves; 3 in phase 1: 1 wave. 4 waves of 8 minutes.
    const phases = [...Array(12).fill(0), ...Array(3).fill(1)];
    expect(estimateJob(phases, 480_000, 5)).toEqual({ ms: 4 * 480_000, taskMs: 480_000, cap: 5, requests: 15 });
    expect(estimateJob(phases, 480_000, 10)?.ms).toBe(3 * 480_000);
  });

  it('says nothing without requests or a task time measured on the site', () => {
    expect(estimateJob([], 1_000, 5)).toBeUndefined();
    expect(estimateJob([0], 0, 5)).toBeUndefined();
    expect(estimateJob([0], Number.NaN, 5)).toBeUndefined();
  });
});
