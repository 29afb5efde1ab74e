import { errorKindOfRowText, rowFailurePasses } from '../../src/csm/errors';

describe("CSM's words for a row in a task's failures", () => {
  it('passing reasons take the kinds of the answers that pass on their own', () => {
    expect(errorKindOfRowText('Timed out while updating the organization. Try again later.')).toBe('lostResponse');
    expect(errorKindOfRowText('Request timeout')).toBe('lostResponse');
    expect(errorKindOfRowText('Rate limit exceeded for this site')).toBe('rateLimited');
    expect(errorKindOfRowText('Too Many Requests')).toBe('rateLimited');
    expect(errorKindOfRowText('The service is temporarily unavailable')).toBe('server');
    expect(errorKindOfRowText('Organization is locked by another operation')).toBe('server');
    expect(errorKindOfRowText('Internal server error')).toBe('server');
  });

  it('refusals of what the row holds are validation: sending them again as they are fails again', () => {
    for (const text of [
      "An organization named 'Acme' already exists (id 4); names are unique ignoring case.",
      'Organization 17 not found.',
      "Value 'Mars' is not a valid option for field Region",
      'Permission denied for detail field Region',
      'Value exceeds maximum length',
      // Content first, whatever else the text says.
      "Value 'Mars' is not a valid option for field Region. Fix the value and try again.",
      'Field Timeout does not exist',
      'Organization Busy Bee already exists',
    ])
      expect(errorKindOfRowText(text)).toBe('validation');
  });

  it('names and values in quotes do not count: a busy-sounding name is not a busy CSM', () => {
    expect(errorKindOfRowText("An organization named 'Busy Bee, try again later' already exists.")).toBe('validation');
    expect(errorKindOfRowText('Value "Timeout Ltd" is not an option of Region')).toBe('validation');
  });

  it('a row passes only when everything said of it passes; a refusal without a reason passes', () => {
    expect(rowFailurePasses(['Request timed out'])).toBe(true);
    expect(rowFailurePasses(['Request timed out', 'Invalid option for Region'])).toBe(false);
    expect(rowFailurePasses([''])).toBe(true);
    expect(rowFailurePasses([])).toBe(true);
  });
});
