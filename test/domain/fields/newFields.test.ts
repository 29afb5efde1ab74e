import {
  fieldDefinitionsRequest,
  NewFieldSchema,
  planNewFields,
  type NewField,
} from '../../../src/domain/fields/newFields';
import { checkDetailValues } from '../../../src/domain/import';

const issues = (field: unknown) => {
  const parsed = NewFieldSchema.safeParse(field);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe('new detail fields: CSM rules', () => {
  it('takes a name, a type and, for select types only, up to 50 distinct options', () => {
    expect(NewFieldSchema.parse({ name: ' Segment ', type: 'SELECT', options: [' A ', 'B'] })).toEqual({
      name: 'Segment',
      type: 'SELECT',
      options: ['A', 'B'],
    });
    expect(issues({ name: 'S', type: 'SELECT' })).toEqual(['a SELECT field needs at least one option']);
    expect(issues({ name: 'S', type: 'TEXT', options: ['a'] })).toEqual(['a TEXT field takes no options']);
    expect(issues({ name: 'S', type: 'MULTISELECT', options: ['a', 'A'] })).toEqual(['lists the option "A" twice']);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => `o${i}`);
    expect(issues({ name: 'S', type: 'SELECT', options: fiftyOne })).toEqual(['has more than 50 options']);
    expect(issues({ name: '  ', type: 'TEXT' })).toEqual(['is empty']);
    expect(issues({ name: 'a\tb', type: 'TEXT' })).toEqual(['holds a control character (a line break or a tab)']);
    expect(issues({ name: 'S', type: 'RICH_TEXT' })).toHaveLength(1);
  });

  it('sends only names the site lacks, counts same-type ones as there, and refuses what CSM would refuse', () => {
    const site = [
      { name: 'Region', type: 'SELECT', options: ['EMEA'] },
      { name: 'Notes', type: 'TEXT' },
    ];
    const fields: NewField[] = [
      { name: 'Segment', type: 'TEXT' },
      { name: 'notes', type: 'TEXT' },
      { name: 'REGION', type: 'TEXT' },
      { name: 'segment', type: 'NUMBER' },
    ];
    expect(planNewFields(fields, site)).toEqual({
      create: [{ name: 'Segment', type: 'TEXT' }],
      existing: ['Notes'],
      problems: [
        'The site already has a field "Region" of type SELECT: use it (rename the column to "Region"), or choose another name.',
        'The field "segment" is asked for twice (names are compared ignoring case).',
      ],
    });
    const full = Array.from({ length: 50 }, (_, i) => ({ name: `F${i}`, type: 'TEXT' }));
    expect(planNewFields([{ name: 'New', type: 'TEXT' }], full).problems).toEqual([
      expect.stringMatching(/^The site has 50 detail fields and CSM allows 50: no more fields can be created, not 1\./),
    ]);
    const many = Array.from({ length: 51 }, (_, i): NewField => ({ name: `N${i}`, type: 'TEXT' }));
    expect(planNewFields(many, []).problems).toEqual([
      expect.stringMatching(/only 50 more can be created, not 51/),
      'At most 50 fields can be created at once.',
    ]);
  });

  it('builds the request body in the shape of the single create', () => {
    expect(
      fieldDefinitionsRequest([
        { name: 'Segment', type: 'SELECT', options: ['A'] },
        { name: 'Active', type: 'BOOLEAN' },
      ]),
    ).toEqual({
      detailFields: [
        { name: 'Segment', type: { name: 'SELECT', options: ['A'] } },
        { name: 'Active', type: { name: 'BOOLEAN' } },
      ],
    });
  });

  it('checks BOOLEAN values as true or false, correcting the letter case', () => {
    const field = { name: 'Active', type: 'BOOLEAN' };
    expect(checkDetailValues(field, ['true'])).toMatchObject({ ok: true, values: ['true'] });
    expect(checkDetailValues(field, ['FALSE'])).toEqual({
      ok: true,
      values: ['false'],
      corrections: ['"FALSE" was read as false for the field Active.'],
    });
    expect(checkDetailValues(field, ['yes'])).toMatchObject({ ok: false, code: 'invalid-boolean' });
  });
});
