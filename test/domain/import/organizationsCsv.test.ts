import { readImport } from '../../../src/domain/import';
import { BulkOrganizationsRequestSchema } from '../../../src/domain/schemas';
import { csv, SITE } from '../fixtures';

const read = (...lines: string[]) => readImport({ text: csv(...lines), kind: 'organizations' }, SITE);

describe('organizations CSV', () => {
  it('creates by name by default and renames by ID with UPDATE', () => {
    const result = read(
      'Organization Name,Organization ID,Operation',
      'Acme,,',
      'Globex Corp,42,Update',
      'Initech,7,CREATE',
    );
    expect(result.problems).toEqual([]);
    expect(result.operations.map((op) => op.kind === 'organizations' && op.item)).toEqual([
      { operationType: 'CREATE', payload: { name: 'Acme' } },
      { operationType: 'UPDATE', payload: { id: '42', name: 'Globex Corp' } },
      { operationType: 'CREATE', payload: { id: '7', name: 'Initech' } },
    ]);
    const items = result.operations.map((op) => op.kind === 'organizations' && op.item);
    expect(BulkOrganizationsRequestSchema.safeParse({ organizations: items }).success).toBe(true);
  });

  it('needs a name on every row, and the ID for UPDATE', () => {
    const result = read('Organization Name,Organization ID,Operation', ',5,CREATE', 'Renamed,,UPDATE', 'Acme,,UPSERT');
    expect(result.operations).toEqual([]);
    expect(result.rowsWithErrors).toBe(3);
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [
        2,
        'Organization Name',
        'Row 2, column "Organization Name": Organization Name is empty. Fill in the organization\'s name.',
      ],
      [
        3,
        'Organization ID',
        'Row 3, column "Organization ID": UPDATE renames an existing organization and needs its ID. Fill in Organization ID, or use CREATE for a new organization.',
      ],
      [
        4,
        'Operation',
        'Row 4, column "Operation": "UPSERT" is not an operation. Use CREATE, UPDATE, or leave it empty for CREATE.',
      ],
    ]);
  });

  it('reports columns it has no use for, suggesting the closest, and still checks the rows', () => {
    const result = read('Organization Name,Organisation ID,Region', 'Acme,1,EMEA', ',2,APAC');
    expect(result.unknownColumns).toEqual(['Organisation ID', 'Region']);
    expect(result.operations.map((op) => op.kind === 'organizations' && op.item)).toEqual([
      { operationType: 'CREATE', payload: { name: 'Acme' } },
    ]);
    expect(result.rowsWithErrors).toBe(1);
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [
        1,
        'Organisation ID',
        'Row 1, column "Organisation ID": this file has no use for a column "Organisation ID". Did you mean "Organization ID"? Rename the column.',
      ],
      [
        1,
        'Region',
        'Row 1, column "Region": this file has no use for a column "Region". Use only the columns Organization Name, Organization ID, Operation.',
      ],
      [3, 'Organization Name', expect.stringContaining('Organization Name is empty')],
    ]);
  });

  it('refuses a missing name column and duplicate organizations', () => {
    expect(read('Organization ID', '1').problems[0]).toMatchObject({ row: 1, code: 'missing-column' });
    const duplicates = read(
      'Organization Name,Organization ID,Operation',
      'Acme,,',
      'Beta,3,UPDATE',
      'acme,,',
      'Gamma,3,UPDATE',
    );
    expect(duplicates.operations.map((op) => op.row)).toEqual([2, 3]);
    expect(
      duplicates.problems.map((problem) => [
        problem.row,
        problem.code,
        problem.message.match(/is already in row \d/)?.[0],
      ]),
    ).toEqual([
      [4, 'duplicate-organization', 'is already in row 2'],
      [5, 'duplicate-organization', 'is already in row 3'],
    ]);
  });
});
