import { checkDetailValues, splitCell } from '../../../src/domain/import';
import type { DetailFieldDefinition } from '../../../src/domain/schemas';

const field = (type: string, options?: string[]): DetailFieldDefinition => ({ name: 'Field', type, options });
const accepts = (type: string, value: string) => checkDetailValues(field(type), [value]).ok;
const messageFor = (type: string, value: string, options?: string[]) => {
  const check = checkDetailValues(field(type, options), [value]);
  return check.ok ? undefined : check.message;
};

describe('detail values by field type', () => {
  it('splits MULTISELECT cells on | or , and keeps other cells whole', () => {
    expect(splitCell(field('MULTISELECT'), 'a| b ,c,,')).toEqual(['a', 'b', 'c']);
    expect(splitCell(field('TEXT'), 'a, b | c')).toEqual(['a, b | c']);
    expect(splitCell(field('SELECT'), '')).toEqual([]);
  });

  it('TEXT (and unknown types) hold one value of at most 255 characters', () => {
    expect(accepts('TEXT', 'x'.repeat(255))).toBe(true);
    expect(messageFor('TEXT', 'x'.repeat(256))).toBe(
      'the value is 256 characters long; the field Field holds at most 255. Shorten it.',
    );
    expect(messageFor('SOMETHING_NEW', 'y'.repeat(300))).toMatch(/at most 255/);
    expect(checkDetailValues(field('TEXT'), ['a', 'b'])).toMatchObject({ ok: false, code: 'too-many-values' });
  });

  it('SELECT takes one of its options; MULTISELECT each of its options, without repeats', () => {
    expect(checkDetailValues(field('SELECT', ['A', 'B']), ['A', 'B'])).toMatchObject({
      ok: false,
      code: 'too-many-values',
    });
    expect(messageFor('SELECT', 'Bee', ['Bees', 'Wasp'])).toBe(
      '"Bee" is not an option of the field Field. Did you mean "Bees"? Use one of: Bees, Wasp.',
    );
    expect(checkDetailValues(field('MULTISELECT', ['A', 'B']), ['A', 'b', 'A'])).toEqual({
      ok: true,
      values: ['A', 'B'],
      corrections: ['"b" was read as the option "B" of the field Field.'],
    });
    expect(checkDetailValues(field('MULTISELECT', ['A', 'B']), ['A', 'C'])).toMatchObject({
      ok: false,
      code: 'not-an-option',
    });
    expect(checkDetailValues(field('SELECT', ['A']), ['Z'], { removing: true }).ok).toBe(true);
    expect(checkDetailValues(field('SELECT'), ['anything']).ok).toBe(true);
  });

  it('lists at most 25 options in a message', () => {
    const options = Array.from({ length: 30 }, (_, i) => `Option ${i}`);
    expect(messageFor('SELECT', 'zzz', options)).toMatch(/Option 24 and 5 more\.$/);
  });

  it('DATE is YYYY-MM-DD and a real date', () => {
    expect(accepts('DATE', '2024-02-29')).toBe(true);
    expect(accepts('DATE', '2000-02-29')).toBe(true);
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '24-01-01',
      '2024-1-1',
      '01/02/2024',
    ]) {
      expect(accepts('DATE', bad)).toBe(false);
    }
    expect(messageFor('DATE', '2024-02-30')).toBe(
      '"2024-02-30" is not a date. Write dates as YYYY-MM-DD, e.g. 2025-03-31.',
    );
  });

  it('EMAIL, URL, NUMBER and PHONE', () => {
    expect(accepts('EMAIL', 'ann.lee+csm@example.co.uk')).toBe(true);
    for (const bad of ['ann', 'ann@', '@example.com', 'ann@example', 'a b@example.com'])
      expect(accepts('EMAIL', bad)).toBe(false);
    expect(accepts('URL', 'https://example.com/path?q=1')).toBe(true);
    expect(accepts('URL', 'HTTP://intranet.example')).toBe(true);
    for (const bad of ['example.com', 'ftp://example.com', 'https://', 'https://exa mple.com'])
      expect(accepts('URL', bad)).toBe(false);
    for (const good of ['42', '-3.5', '+7', '.5', '1e6']) expect(accepts('NUMBER', good)).toBe(true);
    for (const bad of ['1,000', '12a', '', '--1']) expect(accepts('NUMBER', bad)).toBe(false);
    expect(accepts('PHONE', '+61 (2) 9876-5432.1')).toBe(true);
    expect(accepts('PHONE', 'call me')).toBe(false);
    expect(accepts('PHONE', '+-()')).toBe(false);
    expect(messageFor('NUMBER', '1,000')).toMatch(/^"1,000" is not a number\./);
  });

  it('refuses empty values', () => {
    expect(checkDetailValues(field('MULTISELECT', ['A']), ['A', ' '])).toMatchObject({
      ok: false,
      code: 'empty-value',
    });
  });
});
