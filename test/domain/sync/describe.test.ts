import { describeMatch, describeRunCounts, describeSchedule, runCounts } from '../../../src/domain/sync';

describe('a sync plan in words', () => {
  it('says its schedule, in UTC', () => {
    expect(describeSchedule({ every: 'hour' })).toBe('Every hour');
    expect(describeSchedule({ every: 'day', hour: 2 })).toBe('Every day at 02:00 UTC');
    expect(describeSchedule({ every: 'day', hour: 14 })).toBe('Every day at 14:00 UTC');
    expect(describeSchedule({ every: 'week', weekday: 1, hour: 2 })).toBe('Every Monday at 02:00 UTC');
    expect(describeSchedule({ every: 'week', weekday: 0, hour: 23 })).toBe('Every Sunday at 23:00 UTC');
  });

  it('says how rows find their organizations', () => {
    expect(describeMatch('name')).toBe('Rows match organizations by name');
    expect(describeMatch('id')).toBe('Rows match organizations by Organization ID (a row without one, by name)');
  });
});

describe("a run's rows in words", () => {
  const run = { at: 0, trigger: 'manual' as const, compared: 105, changed: 105, succeeded: 0, failed: 0 };

  it('counts as changed only the rows the job changed in CSM, apart from those CSM already held', () => {
    const settled = { ...run, status: 'APPLIED' as const, jobId: 'j', succeeded: 15, unchanged: 90 };
    expect(describeRunCounts(settled)).toBe(
      '105 rows compared, 105 sent to CSM to compare: 15 changed, 90 already as in the source, 0 failed',
    );
    expect(runCounts(settled)).toEqual({
      compared: 105,
      sent: 105,
      changed: 15,
      alreadyHeld: 90,
      failed: 0,
      settled: true,
    });
    // Stored before `unchanged` existed: every row sent either changed or failed.
    expect(describeRunCounts({ ...run, status: 'PARTIAL', jobId: 'j', changed: 3, succeeded: 2, failed: 1 })).toBe(
      '105 rows compared, 3 sent to CSM to compare: 2 changed, 0 already as in the source, 1 failed',
    );
    // A cancelled job: the rows it never sent are said.
    expect(describeRunCounts({ ...run, status: 'PARTIAL', jobId: 'j', changed: 10, succeeded: 4 })).toBe(
      '105 rows compared, 10 sent to CSM to compare: 4 changed, 0 already as in the source, 0 failed, 6 not sent',
    );
  });

  it('says no outcome while the job goes on, and nothing sent without a job', () => {
    expect(describeRunCounts({ ...run, status: 'RUNNING', jobId: 'j', changed: 1 })).toBe(
      '105 rows compared, 1 sent to CSM to compare',
    );
    expect(describeRunCounts({ ...run, status: 'WAITING', jobId: 'j', changed: 1, compared: 1 })).toBe(
      '1 row compared, 1 sent to CSM to compare',
    );
    expect(describeRunCounts({ ...run, status: 'UNCHANGED', changed: 0 })).toBe(
      '105 rows compared, 0 changed: none differs from what earlier runs applied',
    );
    expect(describeRunCounts({ ...run, status: 'FAILED', compared: 0, changed: 0 })).toBe(
      '0 rows compared, nothing sent',
    );
  });
});
