import { inferField, type ColumnCell } from '../../../src/domain/fields/inferField';
import { asDefinition } from '../../../src/domain/fields/newFields';
import { checkDetailValues, splitCell } from '../../../src/domain/import';

const typeOf = (cells: ColumnCell[]) => inferField('Column', cells).field.type;

/** The promise inference makes: once the field exists, the importer takes every value of its column. */
function acceptsEveryCell(cells: string[]) {
  const definition = asDefinition(inferField('Column', cells).field);
  for (const cell of cells) {
    const values = splitCell(definition, cell);
    if (values.length > 0) expect(checkDetailValues(definition, values)).toMatchObject({ ok: true });
  }
}

describe('inferring a detail field from a column', () => {
  it('makes a select field with the options when values repeat, one option per letter case', () => {
    const proposal = inferField(' Segment ', ['Enterprise', 'SMB', 'enterprise', '', 'SMB', 'Enterprise']);
    expect(proposal).toMatchObject({
      name: ' Segment ',
      field: { name: 'Segment', type: 'SELECT', options: ['Enterprise', 'SMB'] },
      valueCount: 5,
      samples: ['Enterprise', 'SMB'],
      reason: '5 cells hold 2 distinct values: a select field with them as options.',
    });
    acceptsEveryCell(['Enterprise', 'SMB', 'enterprise', '', 'SMB', 'Enterprise']);
  });

  it('makes a multi-select field when cells hold several values separated by |, split as the importer splits', () => {
    const cells = ['Gold|Silver', 'Bronze', 'silver | Gold', 'Acme, Inc.|Gold'];
    const { field, samples } = inferField('Tier', cells);
    expect(field).toEqual({ name: 'Tier', type: 'MULTISELECT', options: ['Gold', 'Silver', 'Bronze', 'Acme', 'Inc.'] });
    expect(samples).toEqual(['Gold', 'Silver', 'Bronze', 'Acme', 'Inc.']);
    acceptsEveryCell(cells);
    // JSON values arrive split already, and are not split at commas.
    expect(inferField('Tier', [['Gold', 'Acme, Inc.'], ['Gold']]).field).toEqual({
      name: 'Tier',
      type: 'MULTISELECT',
      options: ['Gold', 'Acme, Inc.'],
    });
  });

  it('recognises each typed field when every value passes its check', () => {
    expect(typeOf(['true', 'FALSE', ''])).toBe('BOOLEAN');
    expect(typeOf(['2025-01-31', '2024-02-29'])).toBe('DATE');
    expect(typeOf(['12', '-3.5', '1e3'])).toBe('NUMBER');
    expect(typeOf(['ann@example.com', 'bob@example.org'])).toBe('EMAIL');
    expect(typeOf(['https://example.com', 'http://acme.test/a?b'])).toBe('URL');
    expect(typeOf(['+61 2 9876 5432', '(02) 9876-5432'])).toBe('PHONE');
    for (const cells of [['true', 'FALSE'], ['2025-01-31'], ['12', '-3.5'], ['+61 2 9876 5432']])
      acceptsEveryCell(cells);
  });

  it('keeps codes with leading zeros, short codes and dotted numbers out of NUMBER and PHONE', () => {
    expect(typeOf(['007', '042', '7'])).toBe('TEXT');
    expect(typeOf(['02134', '02134', '10001', '10001'])).toBe('SELECT');
    expect(typeOf(['555.123.4567', '555.987.6543'])).toBe('TEXT');
    expect(typeOf(['2025-02-30', '2025-01-01'])).toBe('TEXT');
  });

  it('falls back to text when values do not repeat, or there are too many options', () => {
    expect(inferField('Notes', ['a', 'b', 'c', 'a'])).toMatchObject({
      field: { name: 'Notes', type: 'TEXT' },
      reason: 'The values do not repeat enough for a select field: a text field.',
    });
    const many = Array.from({ length: 120 }, (_, i) => `v${i % 60}`);
    expect(typeOf(many)).toBe('TEXT');
    const manyParts = Array.from({ length: 60 }, (_, i) => `a${i}|b${i}`);
    expect(inferField('Tags', manyParts)).toMatchObject({
      field: { type: 'TEXT' },
      reason: expect.stringContaining('each cell is kept whole'),
    });
    acceptsEveryCell(manyParts);
    expect(inferField('Empty', ['', ' '])).toMatchObject({ field: { type: 'TEXT' }, valueCount: 0 });
  });

  it('warns when a value is too long for any field', () => {
    const proposal = inferField('Essay', ['x'.repeat(300), 'short']);
    expect(proposal.field.type).toBe('TEXT');
    expect(proposal.warning).toMatch(/longer than 255 characters/);
    expect(inferField('Tags', ['a|' + 'y'.repeat(300)]).field.type).toBe('TEXT');
  });
});
