import { importTemplate, sampleValue } from '../../../src/domain/export/importTemplates';
import { readImport } from '../../../src/domain/import';
import type { ImportKind } from '../../../src/domain/operations';
import type { DetailFieldDefinition } from '../../../src/domain/schemas';
import { DETAIL_FIELDS, EVERY_FIELD_TYPE } from '../fixtures';

const EMULATOR_DEFAULT: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
  { name: 'Phone Number', type: 'PHONE' },
];

const EVERY_TYPE = EVERY_FIELD_TYPE;

/** Fields that catch a naive template: options with separators, spaces or a formula start, names that are columns. */
const AWKWARD: DetailFieldDefinition[] = [
  { name: 'Operation', type: 'TEXT' },
  { name: 'failure reason', type: 'TEXT' },
  { name: ' Padded ', type: 'TEXT' },
  { name: 'Segments', type: 'MULTISELECT', options: ['A|B', 'North, East', ' spaced', 'Plain', '=SUM'] },
  { name: 'Size', type: 'SELECT', options: ['Small, medium', '-1'] },
  { name: 'Free choice', type: 'SELECT' },
  { name: 'Only odd options', type: 'MULTISELECT', options: ['x|y'] },
  { name: 'Region, EMEA', type: 'select', options: ['Yes'] },
];

const SITES: Record<string, DetailFieldDefinition[]> = {
  'no fields': [],
  'the emulator default': EMULATOR_DEFAULT,
  'every type': EVERY_TYPE,
  'the domain fixtures (an unknown type too)': DETAIL_FIELDS,
  'awkward fields': AWKWARD,
  'one text field': [{ name: 'Notes', type: 'TEXT' }],
  'one multi-select field': [{ name: 'Tags', type: 'MULTISELECT', options: ['a', 'b'] }],
};
const KINDS: ImportKind[] = ['profiles', 'organizations', 'details'];

describe('import templates built from the site’s fields', () => {
  for (const [site, detailFields] of Object.entries(SITES)) {
    for (const kind of KINDS) {
      // Only a details template on a site without fields has no rows, and says why.
      if (kind === 'details' && detailFields.length === 0) {
        it(`${kind} on a site with ${site}: has no rows and says why`, () => {
          const template = importTemplate(kind, detailFields);
          expect(template.csv).toBe('Organization ID,Field,Operation,Values');
          expect(template.note).toMatch(/no detail fields yet/);
        });
        continue;
      }
      it(`${kind} on a site with ${site}: previews without a problem`, () => {
        const template = importTemplate(kind, detailFields);
        const read = readImport({ text: template.csv, kind, format: 'csv' }, { detailFields });
        expect(template.note).toBeUndefined();
        expect(read.problems).toEqual([]);
        expect(read.rowsWithErrors).toBe(0);
        expect(read.operations.length).toBeGreaterThan(0);
        expect(read.operations).toHaveLength(read.rowCount);
      });
    }
  }

  it('profiles: one column per field the file can name, with the first options, real dates and addresses', () => {
    const { csv } = importTemplate('profiles', EVERY_TYPE);
    expect(csv.split('\n')).toEqual([
      'Organization Name,Operation,Tier,Product lines,Seats,Renewal,Contact,Website,Phone,Active,Notes',
      'Acme Corporation,UPSERT,Gold,Cloud|Data Center,42,2025-03-31,support@example.com,https://example.com,(02) 9001 1037,true,Key account',
      'Globex,UPSERT,Silver,Cloud,7.5,2026-01-15,help@example.org,https://example.org/support,(03) 9001 2222,false,',
    ]);
    const read = readImport({ text: csv, kind: 'profiles' }, { detailFields: EVERY_TYPE });
    expect(read.operations[0]).toMatchObject({
      item: {
        payload: {
          details: expect.arrayContaining([
            { name: 'Product lines', values: ['Cloud', 'Data Center'] },
            { name: 'Renewal', values: ['2025-03-31'] },
          ]),
        },
      },
    });
  });

  it('profiles: leaves out fields whose names are columns of the file, and options it cannot write as they are', () => {
    expect(importTemplate('profiles', [{ name: 'Customers', type: 'TEXT' }]).csv.split('\n')[0]).toBe(
      'Organization Name,Operation',
    );
    const header = importTemplate('profiles', AWKWARD).csv.split('\n')[0];
    expect(header).toBe('Organization Name,Operation,Segments,Size,Free choice,Only odd options,"Region, EMEA"');
    expect(sampleValue(AWKWARD[3], 0)).toBe('Plain|=SUM');
    expect(sampleValue(AWKWARD[4], 0)).toBe('Small, medium');
    expect(sampleValue(AWKWARD[5], 0)).toBe('Example');
    expect(sampleValue(AWKWARD[6], 0)).toBe('');
  });

  it('details: an UPDATE, a PATCH on a multi-select field, a DELETE that clears; organizations: CREATE', () => {
    expect(importTemplate('details', EVERY_TYPE).csv.split('\n')).toEqual([
      'Organization ID,Field,Operation,Values',
      '17,Tier,UPDATE,Gold',
      '18,Product lines,PATCH,Cloud',
      '18,Tier,DELETE,',
    ]);
    expect(importTemplate('details', EMULATOR_DEFAULT).csv.split('\n')).toEqual([
      'Organization ID,Field,Operation,Values',
      '17,Region,UPDATE,AMER',
      '18,Phone Number,UPDATE,(02) 9001 1037',
      '18,Region,DELETE,',
    ]);
    expect(importTemplate('details', [{ name: 'Notes', type: 'TEXT' }]).csv.split('\n')).toEqual([
      'Organization ID,Field,Operation,Values',
      '17,Notes,UPDATE,Key account',
      '18,Notes,DELETE,',
    ]);
    expect(importTemplate('organizations', EVERY_TYPE).csv).toBe(
      'Organization Name,Operation\nNorthwind Traders,CREATE\nContoso,CREATE',
    );
  });
});
