import { describeMatch, describeSchedule } from '../../../src/domain/sync';

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
