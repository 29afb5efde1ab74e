import { closestName, editDistance } from '../../src/domain/suggest';

describe('closestName', () => {
  it('finds the closest name ignoring case, counting a swap of neighbours as one edit', () => {
    expect(closestName('Regoin', ['Phone Number', 'Region'])).toBe('Region');
    expect(closestName('phone numbr', ['Phone Number', 'Region'])).toBe('Phone Number');
    expect(closestName('Organisation Name', ['Organization ID', 'Organization Name'])).toBe('Organization Name');
    expect(editDistance('regoin', 'region')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests nothing when no name is plausibly meant', () => {
    expect(closestName('Revenue', ['Region', 'Tier'])).toBeUndefined();
    expect(closestName('d', ['a', 'b'])).toBeUndefined();
    expect(closestName('', ['a'])).toBeUndefined();
    expect(closestName('Region', [])).toBeUndefined();
  });
});
