import { readImport } from '../../../src/domain/import';
import type { ImportKind } from '../../../src/domain/operations';
import { csv, DETAIL_FIELDS } from '../fixtures';

/** A site without a "Notes" field, so that a Notes column is one no kind has a use for. */
const SITE = { detailFields: DETAIL_FIELDS.filter((field) => field.name !== 'Notes') };

const read = (kind: ImportKind, lines: string[], ignoreColumns?: string[]) =>
  readImport({ text: csv(...lines), kind }, SITE, { ignoreColumns });

describe('columns the kind has no use for', () => {
  const profiles = ['Organization Name,Region,Notes', 'Acme,EMEA,call back', 'Globex,Europe,', 'Initech,APAC,x'];

  it('are reported on the header row while every row is still checked', () => {
    const result = read('profiles', profiles);
    expect(result.unknownColumns).toEqual(['Notes']);
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'Notes', severity: 'error', code: 'unknown-column' }),
      expect.objectContaining({ row: 3, column: 'Region', severity: 'error', code: 'not-an-option' }),
    ]);
    expect(result.rowCount).toBe(3);
    expect(result.rowsWithErrors).toBe(1);
    expect(result.operations.map((op) => op.row)).toEqual([2, 4]);
  });

  it('once ignored, raise no problem, are never read, and leave the rows sendable', () => {
    const result = read('profiles', [profiles[0], profiles[1], profiles[3]], ['notes']);
    expect(result.problems).toEqual([]);
    expect(result.unknownColumns).toEqual([]);
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item.payload)).toEqual([
      { name: 'Acme', details: [{ name: 'Region', values: ['EMEA'] }] },
      { name: 'Initech', details: [{ name: 'Region', values: ['APAC'] }] },
    ]);
  });

  it('an ignored column is left out even when the kind knows it, or when it is repeated', () => {
    const known = read('profiles', ['Organization Name,Region', 'Acme,Europe'], [' REGION ']);
    expect(known.problems).toEqual([]);
    expect(known.operations.map((op) => op.kind === 'profiles' && op.item.payload)).toEqual([{ name: 'Acme' }]);
    const repeated = read('organizations', ['Organization Name,Notes,Notes', 'Acme,a,b'], ['Notes']);
    expect(repeated.problems).toEqual([]);
    expect(repeated.operations).toHaveLength(1);
  });

  it('works the same for organizations and detail values', () => {
    const organizations = read('organizations', ['Organization Name,Notes', 'Acme,x', ',y']);
    expect(organizations.unknownColumns).toEqual(['Notes']);
    expect(organizations.rowsWithErrors).toBe(1);
    expect(organizations.operations).toHaveLength(1);
    const details = ['Organization ID,Field,Values,Notes', '1,Region,EMEA,x', '2,Region,Mars,y'];
    expect(read('details', details).unknownColumns).toEqual(['Notes']);
    expect(read('details', details).operations).toHaveLength(1);
    expect(read('details', details, ['Notes']).problems.map((problem) => problem.code)).toEqual(['not-an-option']);
  });

  it('a column missing or repeated still blocks the whole file', () => {
    const result = read('profiles', ['Organization Name,Region,Region,Notes', 'Acme,EMEA,,x']);
    expect(result.problems.map((problem) => problem.code)).toEqual(['duplicate-column', 'unknown-column']);
    expect(result.operations).toEqual([]);
  });
});
