import {
  findSameOrganizations,
  identitiesToLookUp,
  idsByName,
  readImport,
  reportSameOrganizations,
} from '../../../src/domain/import';
import { isBulkRow, type ImportKind } from '../../../src/domain/operations';
import { csv, SITE } from '../fixtures';

const read = (kind: ImportKind, ...lines: string[]) => readImport({ text: csv(...lines), kind }, SITE);

/** The import as the site's names make it: what startJob and the preview do with the site's answer. */
function onSite(kind: ImportKind, site: { id: string; name: string }[], ...lines: string[]) {
  const imported = read(kind, ...lines);
  const same = findSameOrganizations(imported.operations.filter(isBulkRow), idsByName(site));
  return { same, result: reportSameOrganizations(imported, same) };
}

const ACME = { id: '17', name: 'Acme' };

describe('one organization by ID in one row and by name in another (issue 21, finding 8)', () => {
  it('refuses the row by name whose name is, on the site, the organization another row names by ID', () => {
    const { same, result } = onSite(
      'profiles',
      [ACME, { id: '18', name: 'Globex' }],
      'Organization Name,Organization ID,Operation,Region',
      ',17,UPDATE,EMEA',
      'Initech,,UPSERT,AMER',
      'ACME,,UPSERT,APAC',
    );
    expect(same).toEqual([{ row: 4, name: 'ACME', id: '17', idRow: 2 }]);
    expect(result.problems).toEqual([
      {
        row: 4,
        column: 'Organization Name',
        organization: 'ACME',
        severity: 'error',
        code: 'duplicate-organization',
        message:
          'Row 4, column "Organization Name": the organization "ACME" is the one with ID 17 on the site, already in row 2 (column "Organization ID"). ' +
          'Tasks run out of order, so the result would be undefined; merge the rows into one.',
      },
    ]);
    expect(result.rowsWithErrors).toBe(1);
    expect(result.operations.map((op) => [op.row, op.index])).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });

  it('refuses the row by name even when it comes first, and keeps the problems in row order', () => {
    const { result } = onSite(
      'profiles',
      [ACME],
      'Organization Name,Organization ID,Region',
      'Acme,,EMEA',
      'Initech,,Mars',
      ',17,AMER',
    );
    expect(result.problems.map((problem) => [problem.row, problem.code])).toEqual([
      [2, 'duplicate-organization'],
      [3, 'not-an-option'],
      [4, 'upsert-without-name'],
    ]);
    expect(result.problems[0].message).toContain('already in row 4 (column "Organization ID")');
    expect(result.rowsWithErrors).toBe(2);
    expect(result.operations.map((op) => [op.row, op.index])).toEqual([[4, 0]]);
  });

  it('refuses the row by the old name of an organization another row renames by ID; the new name is the file’s own duplicate', () => {
    const { same, result } = onSite(
      'organizations',
      [{ id: '5', name: 'Old name' }],
      'Organization Name,Organization ID,Operation',
      'New name,5,UPDATE',
      'Old name,,CREATE',
      // CSM ignores an ID in a CREATE: it creates by name, so the name is what is compared.
      'old NAME,99,CREATE',
      'New name,,CREATE',
    );
    expect(same.map(({ row, idRow }) => [row, idRow])).toEqual([[3, 2]]);
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [3, 'Organization Name', 'duplicate-organization'],
      [4, 'Organization Name', 'duplicate-organization'],
      [5, 'Organization Name', 'duplicate-organization'],
    ]);
    expect(result.problems[2].message).toContain('is already in row 2');
    expect(result.operations.map((op) => op.row)).toEqual([2]);
  });

  it('finds nothing when the name is not one of the organizations the file names by ID', () => {
    const imported = read('profiles', 'Organization Name,Organization ID', ',18', 'Acme,');
    const same = findSameOrganizations(imported.operations.filter(isBulkRow), idsByName([ACME]));
    expect(same).toEqual([]);
    expect(reportSameOrganizations(imported, same)).toBe(imported);
  });

  it('says item and the JSON paths in a JSON file', () => {
    const text = JSON.stringify([
      { operationType: 'UPDATE', payload: { id: '17', details: [{ name: 'Region', values: ['EMEA'] }] } },
      { operationType: 'UPSERT', payload: { name: 'Acme' } },
    ]);
    const imported = readImport({ text, kind: 'profiles' }, SITE);
    const result = reportSameOrganizations(
      imported,
      findSameOrganizations(imported.operations.filter(isBulkRow), idsByName([ACME])),
    );
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [
        2,
        'payload.name',
        'Item 2, payload.name: the organization "Acme" is the one with ID 17 on the site, already in item 1 (payload.id). ' +
          'Tasks run out of order, so the result would be undefined; merge the items into one.',
      ],
    ]);
  });
});

describe('identitiesToLookUp', () => {
  it('gives the IDs named and the names of the rows without one, each name once whatever its case', () => {
    const { operations } = read(
      'profiles',
      'Organization Name,Organization ID',
      'Renamed,17',
      ',18',
      'Acme,',
      'ACME corp,',
      'acme,',
    );
    // "acme" is the file's own duplicate of "Acme": only rows without errors are looked up.
    expect(identitiesToLookUp(operations.filter(isBulkRow))).toEqual({
      ids: ['17', '18'],
      names: ['Acme', 'ACME corp'],
    });
  });

  it('looks up nothing when every row names its organization the same way', () => {
    expect(
      identitiesToLookUp(read('profiles', 'Organization Name', 'Acme', 'Globex').operations.filter(isBulkRow)),
    ).toEqual({
      ids: [],
      names: [],
    });
    const details = read('details', 'Organization ID,Field,Values', '17,Region,EMEA', '18,Region,AMER');
    expect(identitiesToLookUp(details.operations.filter(isBulkRow))).toEqual({ ids: [], names: [] });
  });
});
