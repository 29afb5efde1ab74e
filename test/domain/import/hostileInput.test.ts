import { writeNativeCsv } from '../../../src/domain/export/csvWriter';
import { NewFieldSchema } from '../../../src/domain/fields/newFields';
import { problemPage, readImport } from '../../../src/domain/import';
import { isOrganizationId } from '../../../src/domain/import/organizationIdentity';
import { MAX_ROW_BYTES } from '../../../src/domain/import/rowSize';
import type { ImportKind } from '../../../src/domain/operations';
import { hiddenCharacter } from '../../../src/domain/text/hidden';
import { MAX_UPLOAD_MB, uploadTooLargeMessage } from '../../../src/domain/text/parts';
import { DETAIL_FIELDS, EVERY_FIELD_TYPE, SITE } from '../fixtures';

const errorsOf = (text: string, kind: ImportKind = 'profiles', site = SITE) =>
  readImport({ text, kind }, site).problems.filter((problem) => problem.severity === 'error');

describe('issue 22: bad input is refused with the row, the column and the fix', () => {
  describe('names with characters that do not show (finding 4)', () => {
    const invisible: [string, string, string][] = [
      ['zero-width space', 'Ac\u200bme', 'a zero-width space (U+200B) at character 3'],
      ['zero-width non-joiner', 'Ac\u200cme', 'a zero-width non-joiner (U+200C) at character 3'],
      ['zero-width joiner', 'Ac\u200dme', 'a zero-width joiner (U+200D)'],
      ['word joiner', 'Ac\u2060me', 'a word joiner (U+2060)'],
      ['soft hyphen', 'Ac\u00adme', 'a soft hyphen (U+00AD)'],
      ['byte order mark inside', 'Ac\ufeffme', 'a byte order mark (zero-width no-break space) (U+FEFF)'],
      ['line separator', 'Ac\u2028me', 'a line separator (U+2028)'],
      ['paragraph separator', 'Ac\u2029me', 'a paragraph separator (U+2029)'],
      ['other invisible format character', 'Ac\u2063me', 'an invisible character (U+2063)'],
      ['lone high surrogate', 'Ac\ud83dme', 'half of a character (a lone surrogate'],
      ['lone low surrogate', 'Ac\ude00me', '(U+DE00)'],
    ];
    it.each(invisible)('%s: a row error on Organization Name, nothing to send', (_what, name, said) => {
      for (const kind of ['profiles', 'organizations'] as const) {
        const result = readImport({ text: `Organization Name\n${name}\nGood`, kind }, SITE);
        expect(result.operations.map((op) => op.row)).toEqual([3]);
        expect(result.problems).toEqual([
          expect.objectContaining({
            row: 2,
            column: 'Organization Name',
            code: 'name-hidden-character',
            message: expect.stringContaining(said),
          }),
        ]);
        expect(result.problems[0].message).toMatch(/remove it\.$/);
      }
    });

    it('in JSON too', () => {
      const text = JSON.stringify([{ operationType: 'UPSERT', payload: { name: 'Zero\u200bWidth' } }]);
      expect(errorsOf(text)).toEqual([expect.objectContaining({ row: 1, code: 'name-hidden-character' })]);
    });

    it('keeps what is no hidden character: an emoji (a surrogate pair), accents, scripts', () => {
      for (const name of ['Acme 😀', 'Société Générale', '株式会社さくら', 'שלום', 'Café']) {
        expect(hiddenCharacter(name)).toBeUndefined();
        expect(errorsOf(`Organization Name\n${name}`)).toEqual([]);
      }
    });

    it('names the first of a control character and an invisible one, whichever comes first', () => {
      expect(hiddenCharacter('a\u200bb\u0007')).toMatchObject({ code: 'U+200B', position: 2 });
      expect(hiddenCharacter('a\u0007b\u200b')).toMatchObject({ what: 'a control character', position: 2 });
      expect(hiddenCharacter('\u202eabc')).toMatchObject({ what: 'a right-to-left override' });
    });

    it('compares names in Unicode NFC: "Café" composed and decomposed is one organization, named twice', () => {
      const composed = 'Caf\u00e9';
      const decomposed = 'Cafe\u0301';
      for (const kind of ['profiles', 'organizations'] as const) {
        const result = readImport({ text: `Organization Name\n${composed}\n${decomposed.toUpperCase()}`, kind }, SITE);
        expect(result.operations.map((op) => op.row)).toEqual([2]);
        expect(result.problems).toEqual([
          expect.objectContaining({ row: 3, column: 'Organization Name', code: 'duplicate-organization' }),
        ]);
        expect(result.problems[0].message).toContain('is already in row 2');
      }
    });
  });

  describe('organization ids (finding 7)', () => {
    const bad = ['abc', '../../x', '-1', '0x10', '١٢٣', '1'.repeat(23), '12 34', '1e3', '+7'];
    it.each(bad)('"%s" is refused in every kind, on its ID column', (id) => {
      expect(isOrganizationId(id)).toBe(false);
      const cases: [ImportKind, string, string][] = [
        ['profiles', `Organization Name,Organization ID\nAcme,${id}`, 'Organization ID'],
        ['organizations', `Organization Name,Organization ID,Operation\nAcme,${id},UPDATE`, 'Organization ID'],
        ['details', `Organization ID,Field,Values\n${id},Region,EMEA`, 'Organization ID'],
        [
          'details',
          JSON.stringify([
            { id, operations: [{ operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } }] },
          ]),
          'id',
        ],
        ['profiles', JSON.stringify([{ operationType: 'UPSERT', payload: { id, name: 'Acme' } }]), 'payload.id'],
      ];
      for (const [kind, text, column] of cases) {
        const result = readImport({ text, kind }, SITE);
        expect(result.operations).toEqual([]);
        expect(result.problems).toEqual([expect.objectContaining({ column, code: 'invalid-id' })]);
        expect(result.problems[0].message).toMatch(/Copy the ID from CSM/);
      }
    });

    it('says how many digits when an id is only too long, and keeps ids of 1 to 19 digits', () => {
      expect(errorsOf(`Organization Name,Organization ID\nAcme,${'1'.repeat(23)}`)[0].message).toContain(
        'has 23 digits; CSM ids have at most 19',
      );
      expect(errorsOf('Organization Name,Organization ID\nAcme,abc')[0].message).toContain(
        '"abc" is not an organization ID',
      );
      for (const id of ['0', '7', '10007', '9223372036854775807']) expect(isOrganizationId(id)).toBe(true);
      expect(errorsOf(`Organization Name,Organization ID\nAcme,9223372036854775807`)).toEqual([]);
    });

    it('quotes at most 40 characters of a long bad id', () => {
      const [error] = errorsOf(`Organization Name,Organization ID\nAcme,${'x'.repeat(5_000)}`);
      expect(error.message).toContain('… (5,000 characters)');
      expect(error.message.length).toBeLessThan(300);
    });
  });

  describe('values too long for any field (finding 7)', () => {
    it('a 5,000-digit phone number is refused, with the field and the limit', () => {
      const [error] = errorsOf(`Organization Name,Phone\nAcme,${'1'.repeat(5_000)}`, 'profiles', {
        detailFields: EVERY_FIELD_TYPE,
      });
      expect(error).toMatchObject({ row: 2, column: 'Phone', code: 'value-too-long' });
      expect(error.message).toContain('the value is 5,000 characters long; the field Phone holds at most 255');
    });
  });

  describe('a row too large for one request (finding 1)', () => {
    it('a 288 KB Customers cell is a row error on Customers, the other rows go on', () => {
      const customers = Array.from({ length: 36_000 }, (_, i) => `c${1_000_000 + i}`).join('|');
      expect(customers.length).toBeGreaterThan(288_000);
      const result = readImport({ text: `Organization Name,Customers\nAcme,${customers}\nGlobex,c1` }, SITE);
      expect(result.operations.map((op) => op.row)).toEqual([3]);
      expect(result.problems).toEqual([
        expect.objectContaining({ row: 2, column: 'Customers', code: 'row-too-large' }),
      ]);
      expect(result.problems[0].message).toContain(`more than the ${Math.ceil(MAX_ROW_BYTES / 1000)} KB`);
      expect(result.problems[0].message).toContain('Split its values');
    });

    it('names Products, or the detail field, or the JSON path, whichever is largest', () => {
      const ids = Array.from({ length: 36_000 }, (_, i) => `p${1_000_000 + i}`);
      const products = readImport({ text: `Organization Name,Customers,Products\nAcme,c1,${ids.join('|')}` }, SITE);
      expect(products.problems).toEqual([expect.objectContaining({ column: 'Products', code: 'row-too-large' })]);
      const json = readImport(
        {
          text: JSON.stringify([
            { operationType: 'UPSERT', payload: { name: 'Acme', associateCustomers: { customerIds: ids } } },
          ]),
        },
        SITE,
      );
      expect(json.problems).toEqual([
        expect.objectContaining({ column: 'payload.associateCustomers', code: 'row-too-large' }),
      ]);
      const options = Array.from({ length: 1_500 }, (_, i) => `Option ${String(i).padStart(200, '0')}`);
      const many = readImport(
        {
          text: JSON.stringify([
            { operationType: 'UPSERT', payload: { name: 'Acme', details: [{ name: 'Tags', values: options }] } },
          ]),
        },
        { detailFields: [...DETAIL_FIELDS, { name: 'Tags', type: 'MULTISELECT' }] },
      );
      expect(many.problems).toEqual([expect.objectContaining({ column: 'payload.details[0]', code: 'row-too-large' })]);
      const detailValues = readImport(
        { text: `Organization ID,Field,Values\n1,Tags,"${options.join('|')}"`, kind: 'details' },
        { detailFields: [{ name: 'Tags', type: 'MULTISELECT' }] },
      );
      expect(detailValues.problems).toEqual([expect.objectContaining({ column: 'Values', code: 'row-too-large' })]);
    });
  });

  describe('answers stay bounded whatever the cells (finding 2)', () => {
    it('a 6 MB name makes a page of problems of a few hundred bytes', () => {
      const name = 'N'.repeat(6_000_000);
      const { problems } = readImport({ text: `Organization Name,Region\n${name},Mars` }, SITE);
      expect(problems.length).toBeGreaterThan(0);
      const page = problemPage(problems);
      expect(JSON.stringify(page).length).toBeLessThan(5_000);
      expect(page.problems[0].organization).toMatch(/^N{119}…$/);
    });

    it('cuts a header quoted as the column', () => {
      const header = 'H'.repeat(1_000_000);
      const page = problemPage(readImport({ text: `Organization Name,${header}\nAcme,1` }, SITE).problems);
      expect(JSON.stringify(page).length).toBeLessThan(5_000);
      expect(page.problems[0].column).toHaveLength(120);
    });
  });

  describe('export then import gives every name back (finding 6)', () => {
    const names = ["'=x", "'-x", "'+x", "'@x", "''=x", "'''@x", '=x', '-x', "'plain", "O'Brien", "'", "x'=", '@'];
    it.each(names)('%s', (name) => {
      const csv = writeNativeCsv([{ id: '1', name, details: { Notes: [name] } }], DETAIL_FIELDS);
      const result = readImport({ text: csv }, SITE);
      expect(result.problems).toEqual([]);
      expect(result.operations).toEqual([
        expect.objectContaining({
          item: { operationType: 'UPSERT', payload: { id: '1', name, details: [{ name: 'Notes', values: [name] }] } },
        }),
      ]);
    });
  });

  describe('field names are checked as organization names are, and more (finding 5)', () => {
    it.each([
      ['a right-to-left override', 'Seg\u202ement', 'a right-to-left override (U+202E)'],
      ['a zero-width space', 'Seg\u200bment', 'a zero-width space (U+200B)'],
      ['a formula', '=cmd|calc', 'starts with = + - or @'],
      ['a formula after spaces', '  @SUM(1)', 'starts with = + - or @'],
    ])('refuses %s', (_what, name, said) => {
      const checked = NewFieldSchema.safeParse({ name, type: 'TEXT' });
      expect(checked.success).toBe(false);
      expect(checked.error?.issues.map((issue) => issue.message).join(' ')).toContain(said);
    });

    it('keeps ordinary names', () => {
      for (const name of ['Segment', 'Région', 'Tier 2', 'Net-Promoter (score)'])
        expect(NewFieldSchema.safeParse({ name, type: 'TEXT' }).success).toBe(true);
    });
  });

  describe('unknown columns left out however many (finding 7)', () => {
    it('ignoreUnknownColumns leaves out 300 columns without a word; the rows are read', () => {
      const headers = ['Organization Name', ...Array.from({ length: 300 }, (_, i) => `Extra ${i}`)];
      const text = `${headers.join(',')}\nAcme,${Array(300).fill('v').join(',')}`;
      const refused = readImport({ text }, SITE);
      expect(refused.unknownColumns).toHaveLength(300);
      const ignored = readImport({ text }, SITE, { ignoreUnknownColumns: true });
      expect(ignored.problems).toEqual([]);
      expect(ignored.unknownColumns).toEqual([]);
      expect(ignored.operations).toHaveLength(1);
    });
  });

  it('an upload too large says the cap (finding 3)', () => {
    expect(MAX_UPLOAD_MB).toBe(50);
    expect(uploadTooLargeMessage()).toContain('larger than the 50 MB a file may be. Split it');
    expect(uploadTooLargeMessage(240_000_000)).toContain('(this one is 240 MB)');
  });
});
