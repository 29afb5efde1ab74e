import { duration } from '../../src/domain/text/duration';

describe('a duration in words', () => {
  it('says it the way a person plans with it', () => {
    expect(duration(400)).toBe('Less than a second');
    expect(duration(40_000)).toBe('About 40 s');
    expect(duration(12 * 60_000)).toBe('About 12 min');
    expect(duration((2 * 60 + 7) * 60_000)).toBe('About 2 h 10 min');
    expect(duration(3 * 3_600_000 + 60_000)).toBe('About 3 h');
  });
});
